/**
 * `/p2p/receive/:token/waiting`: the receiver's page. Shares the link (QR, URL, PIN), follows the
 * session's events, dials every guest the server registered after a correct PIN, receives their
 * files into OPFS (or memory), and offers each file and a ZIP of all as ordinary downloads.
 * A reload re-dials the guests still sending and resumes from what OPFS holds.
 */
import type { GuestView, OwnerEvent, OwnerSessionView, ReceivedFile } from '../../shared/api/p2p.ts';
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import {
  CancelledError,
  OpfsStorage,
  clearOpfsTransfers,
  createReceiver,
  dial,
  pickStorage,
  type PeerLink,
  type Receiver,
  type TransferError,
} from '../engine/index.ts';
import { api, ApiError } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { formatBytes, formatClock, formatRemaining, plural } from '../ui/format.ts';
import { askNotificationPermission, notificationPermission, notify } from '../ui/notify.ts';
import { ownerEvents } from '../ui/owner-events.ts';
import { $, assetUrl, initLoggedInPage, pageData, showError } from '../ui/page.ts';
import { PeerKeeper } from '../ui/peer-keeper.ts';
import { ProgressView } from '../ui/progress.ts';
import { renderQr } from '../ui/qr.ts';
import { forgetSession, liveTransferIds, lookup, remember } from '../ui/received-registry.ts';
import { saveBlob, zipBlob, zipName } from '../ui/save.ts';

const { session: initial } = pageData<{ session: OwnerSessionView }>();
let session = initial;
const token = session.token;
let ended: 'cancelled' | 'expired' | null = session.status === 'cancelled' ? 'cancelled' : session.status === 'expired' ? 'expired' : null;

const announcer = $('#announcer');
function announce(text: string): void {
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = text), 50);
}

// ---------------------------------------------------------------------------------------------
// Share card: QR, link, PIN, countdown, reset PIN, cancel

const shareError = $('#share-error');
void renderQr($('#qr'), session.url, `QR code of the link ${session.url}`).catch(() => {
  replace($('#qr'), h('span', { class: 'meta' }, 'The QR code could not be drawn; share the link instead.'));
});

$('#copy-url').addEventListener('click', async () => {
  const input = $('#share-url') as HTMLInputElement;
  let ok = false;
  try {
    await navigator.clipboard.writeText(session.url);
    ok = true;
  } catch {
    // No clipboard API on plain http: select the text and use the legacy command.
    input.focus();
    input.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
  }
  setText($('#copy-status'), ok ? 'Link copied.' : 'Select the link and copy it.');
});

function renderExpiry(): void {
  const el = $('#expiry-text');
  if (ended === 'cancelled') return setText(el, 'Cancelled');
  const left = formatRemaining(new Date(session.expiresAt).getTime() - Date.now());
  if (!left) {
    setText(el, `Expired at ${formatClock(session.expiresAt)}`);
    if (!ended) sessionEnded('expired');
    return;
  }
  setText(el, `Expires in ${left} (${formatClock(session.expiresAt)})`);
}
renderExpiry();
const expiryTimer = setInterval(renderExpiry, 1000);

function showPin(pin: string): void {
  setText($('#pin'), pin);
}

$('#reset-pin').addEventListener('click', async () => {
  const button = $('#reset-pin') as HTMLButtonElement;
  button.disabled = true;
  showError(shareError, null);
  try {
    const { pin } = await api<{ pin: string }>('POST', `/api/p2p/receive/${encodeURIComponent(token)}/reset-pin`);
    session = { ...session, pin, isLocked: false, status: session.status === 'locked' ? 'active' : session.status };
    showPin(pin);
    renderStatus();
    announce(`New PIN: ${pin.split('').join(' ')}`);
  } catch (e) {
    showError(shareError, e instanceof ApiError ? e.message : 'Could not set a new PIN.');
  } finally {
    button.disabled = ended !== null;
  }
});

const cancelConfirm = $('#cancel-confirm');
$('#cancel-session').addEventListener('click', () => {
  cancelConfirm.hidden = false;
  ($('#cancel-yes') as HTMLButtonElement).focus();
});
$('#cancel-no').addEventListener('click', () => {
  cancelConfirm.hidden = true;
  $('#cancel-session').focus();
});
$('#cancel-yes').addEventListener('click', async () => {
  const yes = $('#cancel-yes') as HTMLButtonElement;
  yes.disabled = true;
  try {
    await api('DELETE', `/api/p2p/receive/${encodeURIComponent(token)}`);
    cancelConfirm.hidden = true;
    sessionEnded('cancelled');
  } catch (e) {
    showError(shareError, e instanceof ApiError ? e.message : 'Could not cancel the session.');
  } finally {
    yes.disabled = false;
  }
});

const notifyButton = $('#enable-notifications') as HTMLButtonElement;
notifyButton.hidden = notificationPermission() !== 'default';
notifyButton.addEventListener('click', async () => {
  const result = await askNotificationPermission();
  notifyButton.hidden = true;
  setText($('#copy-status'), result === 'granted' ? 'You will get a notification when a guest connects or finishes.' : 'Notifications are off; the tab title still shows news.');
});

const STATUS_WORDS: Record<OwnerSessionView['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
  locked: 'Locked: too many wrong PINs',
};

function renderStatus(): void {
  const status = ended ?? session.status;
  const badge = $('#session-status');
  setText(badge, STATUS_WORDS[status]);
  badge.className = `badge badge--large ${status === 'active' ? 'badge--live' : 'badge--bad'}`;
  const banner = $('#session-ended');
  if (ended === 'cancelled') {
    banner.hidden = false;
    setText(banner, 'This session was cancelled. The link no longer accepts files; files already received can still be saved below.');
  } else if (ended === 'expired') {
    banner.hidden = false;
    setText(banner, 'This session has expired: no new guest can join. Transfers already running continue, and received files can still be saved below.');
  } else if (session.status === 'locked') {
    banner.hidden = false;
    setText(banner, 'Too many wrong PINs were tried, so the link is locked. Press “Reset PIN” to unlock it with a new PIN.');
  } else banner.hidden = true;
  $('#share-card').classList.toggle('share-card--ended', ended !== null);
  ($('#reset-pin') as HTMLButtonElement).disabled = ended !== null;
  $('#cancel-session').hidden = ended !== null;
}

function sessionEnded(reason: 'cancelled' | 'expired'): void {
  if (ended === 'cancelled') return;
  ended = reason;
  renderStatus();
  renderExpiry();
  if (reason === 'cancelled') {
    for (const card of guests.values()) card.cancelTransfer();
    clearInterval(expiryTimer);
  }
  announce(reason === 'cancelled' ? 'The session was cancelled.' : 'The session expired.');
}

// ---------------------------------------------------------------------------------------------
// Received files: one download link each, and "Download all" as one ZIP

interface Received {
  key: string;
  guestId: number;
  path: string;
  file: File;
  sha256: string | null;
  url: string;
}

const received = new Map<string, Received>();
const fileList = $('#file-list');
const downloadAll = $('#download-all') as HTMLButtonElement;

function guestNumber(id: number): number {
  const idx = session.guests.findIndex((g) => g.id === id);
  return idx >= 0 ? idx + 1 : guests.size;
}

function addReceived(guestId: number, index: number, path: string, file: File, sha256: string | null): void {
  const key = `${guestId}:${index}`;
  if (received.has(key)) return;
  const url = URL.createObjectURL(file);
  const entry: Received = { key, guestId, path, file, sha256, url };
  received.set(key, entry);
  const link = h('a', { class: 'file-link', href: url, download: file.name }, h('span', { class: 'file-link__icon', 'aria-hidden': 'true' }, '↓'), h('span', { class: 'visually-hidden' }, 'Save '), h('span', { class: 'file-name' }, path));
  fileList.appendChild(
    h(
      'li',
      { class: 'list__item received-file', 'data-key': key },
      h('div', { class: 'list__row' }, link, h('span', { class: 'meta' }, formatBytes(file.size))),
      h('div', { class: 'meta' }, `From guest ${guestNumber(guestId)}`, sha256 ? h('span', { class: 'digest', title: `SHA-256 ${sha256}` }, ` · SHA-256 ${sha256.slice(0, 12)}… verified`) : null),
    ),
  );
  $('#files-empty').hidden = true;
  downloadAll.disabled = false;
  renderDownloadAll();
}

/** "Download all" keeps exactly that accessible name; the count beside it is visual only. */
function renderDownloadAll(busy = false): void {
  downloadAll.dataset.count = String(received.size);
  replace(downloadAll, busy ? 'Preparing ZIP…' : 'Download all', !busy && received.size ? h('span', { class: 'button__count', 'aria-hidden': 'true' }, String(received.size)) : null);
}

/** A file the server knows was sent but this browser no longer holds (reload without OPFS). */
function addUnavailable(file: ReceivedFile): void {
  const key = `gone:${file.guestId}:${file.name}`;
  if (fileList.querySelector(`[data-key="${CSS.escape(key)}"]`)) return;
  fileList.appendChild(
    h(
      'li',
      { class: 'list__item received-file received-file--gone', 'data-key': key },
      h('div', { class: 'list__row' }, h('span', { class: 'file-name' }, file.name), h('span', { class: 'meta' }, formatBytes(file.size))),
      h('div', { class: 'meta' }, 'Received earlier in another page load; this browser no longer holds it. Ask the guest to send it again if you did not save it.'),
    ),
  );
  $('#files-empty').hidden = true;
}

downloadAll.addEventListener('click', async () => {
  if (received.size === 0) return;
  downloadAll.disabled = true;
  downloadAll.setAttribute('aria-busy', 'true');
  renderDownloadAll(true);
  setText($('#zip-status'), '');
  try {
    const multi = new Set([...received.values()].map((r) => r.guestId)).size > 1;
    const entries = [...received.values()].map((r) => ({ path: multi ? `guest ${guestNumber(r.guestId)}/${r.path}` : r.path, file: r.file }));
    const blob = await zipBlob(entries);
    saveBlob(blob, zipName(session.label, session.shortcode));
    setText($('#zip-status'), `ZIP of ${plural(entries.length, 'file')} (${formatBytes(blob.size)}) saved to your downloads.`);
  } catch (e) {
    setText($('#zip-status'), `Could not build the ZIP: ${(e as Error).message}`);
  } finally {
    downloadAll.disabled = false;
    downloadAll.removeAttribute('aria-busy');
    renderDownloadAll();
  }
});

// ---------------------------------------------------------------------------------------------
// Guests: one card each, one Receiver each, dialed by the receiver (the guest only accepts)

const peers = new PeerKeeper();
const guestList = $('#guest-list');

const MAX_DIAL_FAILURES = 45;

type Phase = 'verified' | 'waiting' | 'connecting' | 'unreachable' | 'receiving' | 'reconnecting' | 'done' | 'failed' | 'cancelled' | 'earlier';

const PHASE: Record<Phase, { badge: string; cls: string }> = {
  verified: { badge: 'PIN verified', cls: '' },
  waiting: { badge: 'Choosing files', cls: '' },
  connecting: { badge: 'Connecting', cls: 'badge--live' },
  unreachable: { badge: 'Not reachable', cls: 'badge--warn' },
  receiving: { badge: 'Receiving', cls: 'badge--live' },
  reconnecting: { badge: 'Reconnecting', cls: 'badge--warn' },
  done: { badge: 'Done', cls: 'badge--ok' },
  failed: { badge: 'Failed', cls: 'badge--bad' },
  cancelled: { badge: 'Cancelled', cls: 'badge--bad' },
  earlier: { badge: 'Done', cls: 'badge--ok' },
};

class GuestCard {
  readonly element: HTMLLIElement;
  readonly #badge: HTMLElement;
  readonly #text: HTMLElement;
  readonly #progress = new ProgressView('Overall progress');
  readonly #files: HTMLUListElement;
  readonly #fileRows = new Map<number, { row: HTMLElement; state: HTMLElement; progress: ProgressView }>();
  phase: Phase = 'verified';
  rx: Receiver | null = null;
  link: PeerLink | null = null;
  #dialing = false;
  #dialFailures = 0;
  #redial: ReturnType<typeof setTimeout> | null = null;
  #restored = false;
  #notifiedConnect = false;

  constructor(public guest: GuestView, readonly number: number) {
    this.#badge = h('span', { class: 'badge' });
    this.#text = h('p', { class: 'guest-card__text' });
    this.#files = h('ul', { class: 'list guest-card__files', 'aria-label': `Files of guest ${number}` });
    this.#progress.element.hidden = true;
    this.element = h(
      'li',
      { class: 'list__item guest-card', 'data-guest-id': guest.id },
      h('div', { class: 'list__row' }, h('strong', {}, `Guest ${number}`), h('span', { class: 'meta' }, `from ${guest.clientAddress} · PIN entered ${formatClock(guest.verifiedAt)}`), this.#badge),
      this.#text,
      this.#progress.element,
      this.#files,
    );
    this.setPhase('verified');
  }

  setPhase(phase: Phase, text?: string): void {
    this.phase = phase;
    const p = PHASE[phase];
    setText(this.#badge, p.badge);
    this.#badge.className = `badge ${p.cls}`;
    this.element.dataset.phase = phase;
    const defaults: Record<Phase, string> = {
      verified: 'Entered the PIN and is choosing files.',
      waiting: 'Entered the PIN and is choosing files.',
      connecting: 'Connecting to their device…',
      unreachable: "Can't reach their device yet; trying again by itself. If this lasts, both devices should be on the same Wi-Fi (or the server needs a TURN server).",
      receiving: 'Receiving…',
      reconnecting: 'The connection dropped; reconnecting and resuming where it stopped…',
      done: 'All files received and verified.',
      failed: 'The transfer failed.',
      cancelled: 'Cancelled.',
      earlier: 'Finished earlier.',
    };
    setText(this.#text, text ?? defaults[phase]);
  }

  update(guest: GuestView): void {
    const newPeer = guest.peerId !== null && guest.peerId !== this.guest.peerId;
    this.guest = guest;
    if (newPeer) {
      // The guest's page registered a new peer id (it reconnected): dial that one from now on.
      this.#dialFailures = 0;
      if (this.phase === 'failed' && this.rx && !this.rx.isFinished) this.setPhase('connecting');
    }
    if (this.rx?.isFinished || this.#restored) return;
    if (guest.state === 'done') return void this.restore();
    if (guest.state === 'connecting' && guest.peerId) {
      if (ended === 'cancelled') return;
      if (!this.#notifiedConnect) {
        this.#notifiedConnect = true;
        notify(`Guest ${this.number} connected`);
      }
      // Stored completely before a reload: nothing to dial for.
      const entry = lookup(token, guest.id);
      if (entry && !this.rx && entry.files.length > 0 && entry.storage === 'opfs' && guest.files.length > 0) return void this.restore();
      if (!this.link && !this.#dialing) void this.connect();
    }
  }

  scheduleRedial(ms: number): void {
    if (this.#redial || ended === 'cancelled' || this.rx?.isFinished) return;
    this.#redial = setTimeout(() => {
      this.#redial = null;
      void this.connect();
    }, ms);
  }

  async connect(): Promise<void> {
    if (this.#dialing || this.link || this.rx?.isFinished || !this.guest.peerId || ended === 'cancelled') return;
    this.#dialing = true;
    const peerId = this.guest.peerId;
    try {
      if (!this.rx) await this.#createReceiver();
      if (this.phase !== 'reconnecting') this.setPhase(this.#dialFailures >= 2 ? 'unreachable' : 'connecting');
      const peer = await peers.get();
      const link = await dial(peer, peerId, { timeoutMs: 15_000 });
      if (!this.rx || this.rx.isFinished || (ended as string | null) === 'cancelled') {
        link.conn.close();
        return;
      }
      this.link = link;
      link.conn.on('close', () => {
        if (this.link === link) this.link = null;
      });
      this.rx.attach(link.channel);
      this.#dialFailures = 0;
    } catch (e) {
      this.link = null;
      this.#dialFailures += 1;
      if (this.#dialFailures >= 2 && this.phase !== 'reconnecting') this.setPhase('unreachable');
      console.warn(`guest ${this.number}: dial failed`, e);
      if (this.#dialFailures >= MAX_DIAL_FAILURES) {
        // About ten minutes of trying: their page is most likely closed. A new registration restarts it.
        this.setPhase('failed', "Their device has not answered for several minutes; their page was probably closed. If they open the link again and re-enter the PIN, they appear as a new guest.");
        return;
      }
      this.scheduleRedial(Math.min(1500 * 2 ** Math.min(this.#dialFailures, 4), 15_000));
    } finally {
      this.#dialing = false;
    }
  }

  async #createReceiver(): Promise<void> {
    const storage = await pickStorage({ opfsWorkerUrl: assetUrl('opfs-worker.js') });
    const rx = createReceiver(null, storage);
    this.rx = rx;
    rx.on('connected', ({ resumed }) => {
      this.setPhase('receiving', resumed ? 'Connected again; resuming from the last byte received…' : 'Connected; receiving…');
    });
    let firstProgress = false;
    rx.on('manifest', ({ transferId, files, storage: kind }) => {
      firstProgress = true;
      remember({ token, guestId: this.guest.id, transferId, files: [...files], storage: kind });
      this.#showManifest(files);
      const total = files.reduce((s, f) => s + f.size, 0);
      this.setPhase('receiving', `Receiving ${plural(files.length, 'file')} (${formatBytes(total)})${kind === 'memory' ? ' into memory' : ''}…`);
      this.#progress.element.hidden = false;
    });
    rx.on('progress', (p) => {
      if (firstProgress) {
        // The first figures after a manifest are what storage already held (after a reload or a drop).
        firstProgress = false;
        if (p.overall.bytes > 0 && p.overall.bytes < p.overall.total) {
          this.element.dataset.resumedFrom = String(p.overall.bytes);
          this.setPhase('receiving', `Resuming: ${formatBytes(p.overall.bytes)} of ${formatBytes(p.overall.total)} were already here; receiving the rest…`);
        }
      }
      this.#progress.update(p.overall, rx.isFinished);
      for (const f of p.files) {
        const row = this.#fileRows.get(f.index);
        if (!row) continue;
        row.progress.update(f);
        if (f.bytes > 0 && f.bytes < f.total) setText(row.state, 'Receiving');
      }
    });
    rx.on('file-done', async ({ index, name, sha256 }) => {
      const row = this.#fileRows.get(index);
      if (row) {
        setText(row.state, '✓ Verified');
        row.row.classList.add('guest-file--done');
        row.progress.setState('done');
        row.progress.update({ bytes: rx.files[index]?.size ?? 0, total: rx.files[index]?.size ?? 0, percent: 100, speed: 0, eta: 0 }, true);
      }
      try {
        addReceived(this.guest.id, index, name, await rx.getReceivedFile(index), sha256 || null);
      } catch (e) {
        console.error('could not read a received file', e);
      }
    });
    rx.on('file-error', ({ index, error }) => {
      const row = this.#fileRows.get(index);
      if (row) setText(row.state, error.code === 'digest-mismatch' ? (error.recoverable ? 'Arrived damaged; being sent again' : 'Arrived damaged; gave up') : error.message);
    });
    rx.on('file-cancelled', ({ index }) => {
      const row = this.#fileRows.get(index);
      if (row) setText(row.state, 'Cancelled');
    });
    rx.on('disconnected', () => {
      this.link = null;
      if (rx.isFinished) return;
      this.setPhase('reconnecting');
      this.scheduleRedial(1000);
    });
    rx.on('done', (result) => {
      const ok = result.files.filter((f) => f.status === 'ok').length;
      this.#progress.setState('done');
      this.setPhase('done', `${plural(ok, 'file')} received and verified.${ok < result.files.length ? ` ${result.files.length - ok} did not arrive.` : ''}`);
      notify(`Guest ${this.number}: ${plural(ok, 'file')} received`);
      announce(`Guest ${this.number} finished: ${plural(ok, 'file')} received.`);
      const link = this.link;
      setTimeout(() => link?.conn.close(), 3000);
      void rx.storage.flush().catch(() => {});
    });
    rx.on('error', (error: TransferError) => {
      this.#progress.setState('failed');
      if (error instanceof CancelledError) this.setPhase('cancelled', error.byPeer ? 'The guest stopped sending.' : 'Cancelled.');
      else this.setPhase('failed', `The transfer failed: ${error.message}`);
    });
  }

  #showManifest(files: readonly ManifestFile[]): void {
    if (this.#fileRows.size === files.length) return;
    this.#fileRows.clear();
    replace(
      this.#files,
      files.map((f) => {
        const state = h('span', { class: 'meta' }, 'Waiting');
        const progress = new ProgressView(`Progress of ${f.name}`);
        const row = h('li', { class: 'guest-file' }, h('div', { class: 'list__row' }, h('span', { class: 'file-name' }, f.name), h('span', { class: 'meta' }, formatBytes(f.size)), state), progress.element);
        this.#fileRows.set(f.index, { row, state, progress });
        return row;
      }),
    );
  }

  /** After a reload: the guest finished; re-open what OPFS holds for it, or say it is gone. */
  async restore(): Promise<void> {
    if (this.#restored || this.rx) return;
    this.#restored = true;
    const entry = lookup(token, this.guest.id);
    let restored = 0;
    if (entry && entry.storage === 'opfs' && OpfsStorage.isAvailable()) {
      try {
        const storage = await OpfsStorage.create(assetUrl('opfs-worker.js'));
        const states = await storage.open(entry.transferId, entry.files);
        this.#showManifest(entry.files);
        for (const f of entry.files) {
          const row = this.#fileRows.get(f.index);
          if (states[f.index]?.done) {
            addReceived(this.guest.id, f.index, f.name, await storage.getFile(f.index), states[f.index]?.sha256 ?? null);
            restored += 1;
            if (row) {
              setText(row.state, '✓ Verified');
              row.progress.setState('done');
              row.progress.update({ bytes: f.size, total: f.size, percent: 100, speed: 0, eta: 0 }, true);
            }
          } else if (row) setText(row.state, 'Not stored');
        }
        await storage.close().catch(() => {});
      } catch (e) {
        console.warn('could not re-open stored files', e);
      }
    }
    if (this.guest.state === 'done') {
      const total = this.guest.files.length;
      this.setPhase('earlier', restored > 0 ? `Sent ${plural(total, 'file')}; still stored in this browser.` : `Sent ${plural(total, 'file')} earlier.`);
      if (restored === 0) for (const f of this.guest.files) addUnavailable(f);
    } else {
      // Stored completely, but the guest's "complete" has not reached the server: show it as done.
      this.setPhase('done', `${plural(restored, 'file')} received and verified.`);
    }
  }

  cancelTransfer(): void {
    if (this.#redial) clearTimeout(this.#redial);
    this.#redial = null;
    if (this.rx && !this.rx.isFinished) {
      this.rx.cancel();
      this.setPhase('cancelled', 'Cancelled: the session was cancelled.');
    }
  }
}

const guests = new Map<number, GuestCard>();

function upsertGuest(guest: GuestView): GuestCard {
  let card = guests.get(guest.id);
  if (!card) {
    if (!session.guests.some((g) => g.id === guest.id)) session = { ...session, guests: [...session.guests, guest] };
    card = new GuestCard(guest, guests.size + 1);
    guests.set(guest.id, card);
    guestList.appendChild(card.element);
    $('#guests-empty').hidden = true;
  }
  card.update(guest);
  return card;
}

function onEvent(event: OwnerEvent): void {
  switch (event.type) {
    case 'snapshot': {
      const s = event.session;
      const wasLocked = session.status === 'locked';
      session = { ...s, guests: [...session.guests.filter((g) => !s.guests.some((x) => x.id === g.id)), ...s.guests] };
      if (s.pin !== $('#pin').textContent) showPin(s.pin);
      if (s.status === 'cancelled' || s.status === 'expired') sessionEnded(s.status);
      else if (wasLocked !== (s.status === 'locked')) renderStatus();
      for (const g of s.guests) upsertGuest(g);
      return;
    }
    case 'guest-verified':
      upsertGuest(event.guest);
      announce(`A guest entered the PIN.`);
      return;
    case 'guest-connected':
      upsertGuest(event.guest);
      return;
    case 'guest-completed':
      upsertGuest(event.guest);
      return;
    case 'session-ended':
      sessionEnded(event.reason);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Start

await initLoggedInPage().catch(() => undefined);
renderStatus();

// Stored transfers of sessions long gone are deleted (OPFS has no size limit the user can see).
if (OpfsStorage.isAvailable()) {
  if (ended === 'cancelled') forgetSession(token);
  void clearOpfsTransfers(liveTransferIds()).catch(() => {});
}

for (const g of session.guests) upsertGuest(g);

const liveStatus = $('#live-status');
ownerEvents(
  token,
  onEvent,
  (live) => {
    setText(liveStatus, live ? 'Live' : 'Reconnecting…');
    liveStatus.classList.toggle('live-dot--off', !live);
  },
  (error) => {
    setText(liveStatus, 'Offline');
    showError(shareError, error.status === 401 ? 'You were logged out. Log in again to keep receiving.' : error.message);
  },
);

window.addEventListener('beforeunload', (event) => {
  const busy = [...guests.values()].some((g) => g.rx && !g.rx.isFinished && (g.phase === 'receiving' || g.phase === 'reconnecting'));
  if (busy) event.preventDefault();
});
