/**
 * `/p2p/receive/:token/waiting`: the receiver's page. Shares the link (QR, URL, PIN), follows the
 * session's events, dials every guest the server registered after a correct PIN, receives their
 * files into OPFS (or memory), and offers each file and a ZIP of all as ordinary downloads.
 * A reload re-dials the guests still sending and resumes from what OPFS holds.
 */
import type { GuestView, OwnerEvent, OwnerSessionView, ReceivedFile, RevokeReason } from '../../shared/api/p2p.ts';
import { overLimits } from '../../shared/guest-limits.ts';
import {
  CancelledError,
  clearOpfsTransfers,
  createReceiver,
  OpfsStorage,
  pickStorage,
  type Receiver,
  type TransferError,
} from '../engine/index.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { GuestFileRows, ReceivedRows } from '../ui/file-rows.ts';
import { formatBytes, plural } from '../ui/format.ts';
import { GuestDialer, gaveUpText } from '../ui/guest-dialer.ts';
import { REVOKED_TEXT, removeButton, revokeGuest } from '../ui/guest-removal.ts';
import { notify } from '../ui/notify.ts';
import { ownerEvents } from '../ui/owner-events.ts';
import {
  announce,
  dialPhases,
  GuestCardView,
  type PhaseLook,
  shareCardElements,
  showFeedGone,
  showLive,
  showStatusBadge,
} from '../ui/owner-page.ts';
import { $, assetUrl, initLoggedInPage, pageData } from '../ui/page.ts';
import { PeerKeeper } from '../ui/peer-keeper.ts';
import { forgetSession, liveTransferIds, lookup, remember } from '../ui/received-registry.ts';
import { saveZip, zipName, zipSavedText } from '../ui/save.ts';
import { showServerReach } from '../ui/server-reach.ts';
import { ShareControls } from '../ui/share-controls.ts';
import { ownerCredentials } from '../ui/signaling-credentials.ts';
import { transferFailure } from '../ui/transfer-failure.ts';

const { session: initial } = pageData<{ session: OwnerSessionView }>();
let session = initial;
const token = session.token;
let ended: 'cancelled' | 'expired' | null =
  session.status === 'cancelled' ? 'cancelled' : session.status === 'expired' ? 'expired' : null;

// ---------------------------------------------------------------------------------------------
// Share card: QR, link, PIN, countdown, reset PIN, cancel

const controls = new ShareControls({
  apiBase: '/api/p2p/receive',
  notifyWhat: 'when a guest connects or finishes',
  cancelFailed: 'Could not cancel the session.',
  elements: shareCardElements('cancel-session'),
  onPin: (pin) => {
    session = { ...session, pin, isLocked: false, status: session.status === 'locked' ? 'active' : session.status };
    renderStatus();
    announce(`New PIN: ${pin.split('').join(' ')}`);
  },
  onCancelled: () => sessionEnded('cancelled'),
  onExpired: () => {
    if (!ended) sessionEnded('expired');
  },
});

function renderStatus(): void {
  showStatusBadge($('#session-status'), ended ?? session.status);
  const banner = $('#session-ended');
  if (ended === 'cancelled') {
    banner.hidden = false;
    setText(
      banner,
      'This session was cancelled. The link no longer accepts files; files already received can still be saved below.',
    );
  } else if (ended === 'expired') {
    banner.hidden = false;
    setText(
      banner,
      'This session has expired: no new guest can join. Transfers already running continue, and received files can still be saved below.',
    );
  } else if (session.status === 'locked') {
    banner.hidden = false;
    setText(
      banner,
      'Too many wrong PINs were tried, so the link is locked. Press “Reset PIN” to unlock it with a new PIN.',
    );
  } else banner.hidden = true;
  $('#share-card').classList.toggle('share-card--ended', ended !== null);
}

function sessionEnded(reason: 'cancelled' | 'expired'): void {
  if (ended === 'cancelled') return;
  ended = reason;
  controls.end(reason);
  renderStatus();
  if (reason === 'cancelled') {
    for (const card of guests.values()) card.cancelTransfer();
  }
  announce(reason === 'cancelled' ? 'The session was cancelled.' : 'The session expired.');
}

controls.show(session);
if (ended) controls.end(ended);

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
const receivedRows = new ReceivedRows(fileList);
const downloadAll = $('#download-all') as HTMLButtonElement;
const forgetFiles = $('#forget-files') as HTMLButtonElement;

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
  receivedRows.add(file.size, () => {
    const link = h(
      'a',
      { class: 'file-link', href: url, download: file.name },
      h('span', { class: 'file-link__icon', 'aria-hidden': 'true' }, '↓'),
      h('span', { class: 'visually-hidden' }, 'Save '),
      h('span', { class: 'file-name' }, path),
    );
    return h(
      'li',
      { class: 'list__item received-file', 'data-key': key },
      h('div', { class: 'list__row' }, link, h('span', { class: 'meta' }, formatBytes(file.size))),
      h(
        'div',
        { class: 'meta' },
        `From guest ${guestNumber(guestId)}`,
        sha256
          ? h('span', { class: 'digest', title: `SHA-256 ${sha256}` }, ` · SHA-256 ${sha256.slice(0, 12)}… verified`)
          : null,
      ),
    );
  });
  $('#files-empty').hidden = true;
  downloadAll.disabled = false;
  forgetFiles.disabled = false;
  renderDownloadAll();
}

/** "Download all" keeps exactly that accessible name; the count beside it is visual only. */
function renderDownloadAll(busy = false): void {
  downloadAll.dataset.count = String(received.size);
  replace(
    downloadAll,
    busy ? 'Preparing ZIP…' : 'Download all',
    !busy && received.size ? h('span', { class: 'button__count', 'aria-hidden': 'true' }, String(received.size)) : null,
  );
}

/** A file the server knows was sent but this browser no longer holds (reload without OPFS). */
function addUnavailable(file: ReceivedFile): void {
  const key = `gone:${file.guestId}:${file.name}`;
  if (fileList.querySelector(`[data-key="${CSS.escape(key)}"]`)) return;
  receivedRows.add(file.size, () =>
    h(
      'li',
      { class: 'list__item received-file received-file--gone', 'data-key': key },
      h(
        'div',
        { class: 'list__row' },
        h('span', { class: 'file-name' }, file.name),
        h('span', { class: 'meta' }, formatBytes(file.size)),
      ),
      h(
        'div',
        { class: 'meta' },
        'Received earlier in another page load; this browser no longer holds it. Ask the guest to send it again if you did not save it.',
      ),
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
    const entries = [...received.values()].map((r) => ({
      path: multi ? `guest ${guestNumber(r.guestId)}/${r.path}` : r.path,
      file: r.file,
    }));
    const saved = await saveZip(entries, zipName(session.label, session.shortcode));
    if (saved) setText($('#zip-status'), zipSavedText(saved, entries.length));
  } catch (e) {
    setText($('#zip-status'), `Could not build the ZIP: ${(e as Error).message}`);
  } finally {
    downloadAll.disabled = false;
    downloadAll.removeAttribute('aria-busy');
    renderDownloadAll();
  }
});

/** Deletes what this browser stored for these guests (OPFS and the list below); answers how many files went. */
async function dropReceived(guestIds: ReadonlySet<number>): Promise<number> {
  const doomed = [...received.values()].filter((r) => guestIds.has(r.guestId));
  try {
    forgetSession(token, guestIds);
    await clearOpfsTransfers(liveTransferIds());
    for (const r of doomed) {
      URL.revokeObjectURL(r.url);
      received.delete(r.key);
      receivedRows.remove(r.key, r.file.size);
    }
  } finally {
    forgetFiles.disabled = received.size === 0;
    downloadAll.disabled = received.size === 0;
    $('#files-empty').hidden = received.size > 0;
    renderDownloadAll();
  }
  return doomed.length;
}

// Received files stay in this browser's storage (for reloads) until the session is cleaned up; a shared or
// full computer needs a way to drop them now. Only finished guests' files go: a running transfer keeps its own.
forgetFiles.addEventListener('click', async () => {
  const finished = new Set([...received.values()].map((r) => r.guestId).filter((id) => guests.get(id)?.isFinished));
  const count = [...received.values()].filter((r) => finished.has(r.guestId)).length;
  if (count === 0) return setText($('#zip-status'), 'Nothing to remove yet: files are still arriving.');
  if (
    !confirm(
      `Remove ${plural(count, 'received file')} from this browser? Save what you need first; a guest would have to send them again.`,
    )
  )
    return;
  forgetFiles.disabled = true;
  try {
    setText($('#zip-status'), `Removed ${plural(await dropReceived(finished), 'file')} from this browser.`);
  } catch (e) {
    setText($('#zip-status'), `Could not remove the files: ${(e as Error).message}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Guests: one card each, one Receiver each, dialed by the receiver (the guest only accepts)

// The owner only dials out: its page refuses every inbound connection.
const peers = new PeerKeeper({ credentials: ownerCredentials, refuseInbound: true });
const guestList = $('#guest-list');

const MAX_DIAL_FAILURES = 45;

type Phase =
  | 'verified'
  | 'waiting'
  | 'connecting'
  | 'unreachable'
  | 'receiving'
  | 'reconnecting'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'earlier'
  | 'removed'
  | 'refused'
  | 'revoked';

const PHASES: Record<Phase, PhaseLook> = {
  verified: { badge: 'PIN verified', cls: '', text: 'Entered the PIN and is choosing files.' },
  waiting: { badge: 'Choosing files', cls: '', text: 'Entered the PIN and is choosing files.' },
  ...dialPhases(
    "Can't reach their device yet; trying again by itself. If this lasts, both devices should be on the same Wi-Fi (or the server needs a TURN server).",
  ),
  receiving: { badge: 'Receiving', cls: 'badge--live', text: 'Receiving…' },
  done: { badge: 'Done', cls: 'badge--ok', text: 'All files received and verified.' },
  failed: { badge: 'Failed', cls: 'badge--bad', text: 'The transfer failed.' },
  cancelled: { badge: 'Cancelled', cls: 'badge--bad', text: 'Cancelled.' },
  earlier: { badge: 'Done', cls: 'badge--ok', text: 'Finished earlier.' },
  removed: { badge: 'Removed', cls: 'badge--bad', text: REVOKED_TEXT.removed },
  refused: { badge: 'Refused', cls: 'badge--bad', text: REVOKED_TEXT['over-limit'] },
  revoked: { badge: 'PIN changed', cls: 'badge--warn', text: REVOKED_TEXT['pin-reset'] },
};

class GuestCard extends GuestCardView<Phase> {
  readonly #files: GuestFileRows;
  rx: Receiver | null = null;
  readonly #dialer: GuestDialer;
  #restored = false;
  #notifiedConnect = false;
  #revoked = false;
  readonly #remove: ReturnType<typeof removeButton>;

  constructor(
    public guest: GuestView,
    readonly number: number,
  ) {
    const files = new GuestFileRows(`Files of guest ${number}`);
    super(guest, `Guest ${number}`, 'Overall progress', files.element, PHASES, 'verified');
    this.#files = files;
    this.#dialer = new GuestDialer({
      peers,
      name: `guest ${number}`,
      peerId: () => this.guest.peerId,
      cancelled: () => ended === 'cancelled',
      mayDial: () => !this.#revoked && !this.#dialer.link && !this.rx?.isFinished,
      prepare: async () => {
        if (!this.rx) await this.#createReceiver();
      },
      transfer: () => this.rx,
      showDialing: (unreachable) => this.showDialing(unreachable),
      // About ten minutes of trying: their page is most likely closed. A new registration restarts it.
      maxFailures: MAX_DIAL_FAILURES,
      onGaveUp: (answeredEver) => this.setPhase('failed', gaveUpText(answeredEver)),
    });
    this.#remove = removeButton({
      who: `guest ${number}`,
      busy: () => Boolean(this.rx && !this.rx.isFinished),
      question: (busy) =>
        `${busy ? `Stop receiving from guest ${number} and remove` : `Remove guest ${number} and`} their files from this browser? Save what you need first. Their link stops working; they would have to enter a new PIN to send again.`,
      remove: async () => {
        await revokeGuest('/api/p2p/receive', token, this.guest.id);
        this.revoke('removed');
        await dropReceived(new Set([this.guest.id]));
      },
    });
    this.addAction(this.#remove.element);
  }

  /**
   * The guest's ticket was taken back: hang up, stop a running transfer (its partial data goes), dial no more.
   * After a new PIN, what a guest finished sending stays (and may still be removed with the button).
   */
  revoke(reason: RevokeReason): void {
    if (this.#revoked) return;
    this.#revoked = true;
    const finished = this.isFinished || this.guest.state === 'done';
    this.#dialer.stop();
    this.#dialer.link?.conn.close();
    if (this.rx && !this.rx.isFinished) this.rx.cancel();
    if (reason !== 'pin-reset') this.#remove.done();
    if (reason === 'pin-reset' && finished) return;
    this.progress.setState('failed');
    this.progress.setText('Stopped.');
    this.#files.stopUnfinished();
    this.setPhase(reason === 'pin-reset' ? 'revoked' : reason === 'over-limit' ? 'refused' : 'removed');
  }

  /** Nothing more will arrive from this guest in this page (finished, or restored after a reload). */
  get isFinished(): boolean {
    return this.#restored || Boolean(this.rx?.isFinished);
  }

  update(guest: GuestView): void {
    const newPeer = guest.peerId !== null && guest.peerId !== this.guest.peerId;
    this.guest = guest;
    if (guest.revokedReason) {
      if (guest.state === 'done' && guest.revokedReason === 'pin-reset') void this.restore();
      return this.revoke(guest.revokedReason);
    }
    if (this.#revoked) return;
    if (newPeer) {
      // The guest's page registered a new peer id (it reconnected): dial that one from now on.
      this.#dialer.resetFailures();
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
      if (entry && !this.rx && entry.files.length > 0 && entry.storage === 'opfs' && guest.files.length > 0)
        return void this.restore();
      if (!this.#dialer.link) void this.#dialer.connect();
    }
  }

  async #createReceiver(): Promise<void> {
    const storage = await pickStorage({ opfsWorkerUrl: assetUrl('opfs-worker.js') });
    const rx = createReceiver(null, storage);
    this.rx = rx;
    rx.on('connected', ({ resumed }) => {
      this.setPhase(
        'receiving',
        resumed ? 'Connected again; resuming from the last byte received…' : 'Connected; receiving…',
      );
      this.#remove.refresh();
    });
    let firstProgress = false;
    rx.on('manifest', ({ transferId, files, storage: kind }) => {
      // A guest may skip its page's check: more than the owner allowed is refused before anything is kept.
      const over = overLimits(session.limits, files);
      if (over) {
        // After this event the receiver opens storage for the transfer: cancel once that request is on its way,
        // so the removal that the cancel asks for comes after it and nothing of the refused list stays.
        setTimeout(() => {
          this.revoke('over-limit');
          this.say(`Refused: ${over} They were told so.`);
        }, 0);
        void revokeGuest('/api/p2p/receive', token, this.guest.id, 'over-limit').catch((e) =>
          console.warn('could not revoke an over-limit guest', e),
        );
        return;
      }
      firstProgress = true;
      remember({ token, guestId: this.guest.id, transferId, files: [...files], storage: kind });
      this.#files.show(files);
      const total = files.reduce((s, f) => s + f.size, 0);
      this.setPhase(
        'receiving',
        `Receiving ${plural(files.length, 'file')} (${formatBytes(total)})${kind === 'memory' ? ' into memory' : ''}…`,
      );
      this.progress.element.hidden = false;
    });
    rx.on('progress', (p) => {
      if (firstProgress) {
        // The first figures after a manifest are what storage already held (after a reload or a drop).
        firstProgress = false;
        if (p.overall.bytes > 0 && p.overall.bytes < p.overall.total) {
          this.element.dataset.resumedFrom = String(p.overall.bytes);
          this.setPhase(
            'receiving',
            `Resuming: ${formatBytes(p.overall.bytes)} of ${formatBytes(p.overall.total)} were already here; receiving the rest…`,
          );
        }
      }
      this.progress.update(p.overall, rx.isFinished);
      for (const f of p.files) this.#files.progress(f.index, f);
    });
    rx.on('file-done', async ({ index, name, sha256 }) => {
      this.#files.verified(index, rx.files[index]?.size ?? 0);
      try {
        addReceived(this.guest.id, index, name, await rx.getReceivedFile(index), sha256 || null);
      } catch (e) {
        console.error('could not read a received file', e);
      }
    });
    rx.on('file-error', ({ index, error }) => {
      this.#files.say(
        index,
        error.code === 'digest-mismatch'
          ? error.recoverable
            ? 'Arrived damaged; being sent again'
            : 'Arrived damaged; gave up'
          : transferFailure(error, 'the guest'),
      );
    });
    rx.on('file-cancelled', ({ index }) => this.#files.say(index, 'Cancelled'));
    rx.on('paused', ({ error }) => this.say(`Paused: ${error.message}`));
    rx.on('resumed', () => this.say('Room again: receiving the rest…'));
    rx.on('disconnected', () => {
      if (this.#dialer.dropped(rx.isFinished)) this.setPhase('reconnecting');
    });
    rx.on('done', (result) => {
      this.#remove.refresh();
      const ok = result.files.filter((f) => f.status === 'ok').length;
      this.progress.setState('done');
      this.setPhase(
        'done',
        `${plural(ok, 'file')} received and verified.${ok < result.files.length ? ` ${result.files.length - ok} did not arrive.` : ''}`,
      );
      notify(`Guest ${this.number}: ${plural(ok, 'file')} received`);
      announce(`Guest ${this.number} finished: ${plural(ok, 'file')} received.`);
      this.#dialer.hangUpSoon();
    });
    rx.on('error', (error: TransferError) => {
      this.#remove.refresh();
      if (this.#revoked) return; // the card already says why
      this.progress.setState('failed');
      if (error instanceof CancelledError)
        this.setPhase('cancelled', error.byPeer ? 'The guest stopped sending.' : 'Cancelled.');
      else this.setPhase('failed', `The transfer failed. ${transferFailure(error, 'the guest')}`);
    });
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
        this.#files.show(entry.files);
        for (const f of entry.files) {
          if (states[f.index]?.done) {
            addReceived(
              this.guest.id,
              f.index,
              f.name,
              await storage.getFile(f.index),
              states[f.index]?.sha256 ?? null,
            );
            restored += 1;
            this.#files.verified(f.index, f.size);
          } else this.#files.say(f.index, 'Not stored');
        }
        await storage.close().catch(() => {});
      } catch (e) {
        console.warn('could not re-open stored files', e);
      }
    }
    if (this.guest.state === 'done') {
      const total = this.guest.files.length;
      this.setPhase(
        'earlier',
        restored > 0
          ? `Sent ${plural(total, 'file')}; still stored in this browser.`
          : `Sent ${plural(total, 'file')} earlier.`,
      );
      if (restored === 0) for (const f of this.guest.files) addUnavailable(f);
    } else {
      // Stored completely, but the guest's "complete" has not reached the server: show it as done.
      this.setPhase('done', `${plural(restored, 'file')} received and verified.`);
    }
  }

  cancelTransfer(): void {
    this.#dialer.stop();
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
      if (s.pin !== $('#pin').textContent) controls.setPin(s.pin);
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
    case 'guest-revoked':
      for (const id of event.guestIds) guests.get(id)?.revoke(event.reason);
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

showServerReach(() => [...guests.values()].some((g) => g.rx !== null && !g.rx.isFinished), peers);
ownerEvents(token, onEvent, showLive, (error) => showFeedGone(error, 'receiving'));

window.addEventListener('beforeunload', (event) => {
  const busy = [...guests.values()].some(
    (g) => g.rx && !g.rx.isFinished && (g.phase === 'receiving' || g.phase === 'reconnecting'),
  );
  if (busy) event.preventDefault();
});
