/**
 * `/p2p`: the owner's "Send files" page. Choose files → create a share (URL, QR, PIN) → follow the
 * share's events and dial every recipient the server registered after a correct PIN → stream the files
 * to each of them (several at once, each with its own engine sender) → see who got what. The owner's
 * peer id never leaves this page. With the user's consent the files are copied into OPFS in the
 * background, so a reload (`/p2p?share=<token>`) can carry on; without it, the page asks for them again.
 */
import type {
  CreateSessionResponse,
  CreateShareRequest,
  GuestView,
  OwnerEvent,
  OwnerSessionList,
  OwnerSessionView,
  RevokeReason,
} from '../../shared/api/p2p.ts';
import { baseName, sanitizeFileName } from '../../shared/file-names.ts';
import { CancelledError, createSender, type Sender, type TransferError } from '../engine/index.ts';
import { ApiError, api } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { FilePicker } from '../ui/file-picker.ts';
import { formatBytes, formatClock, formatRemaining, plural } from '../ui/format.ts';
import { GuestDialer, gaveUpText } from '../ui/guest-dialer.ts';
import { REVOKED_TEXT, removeButton, revokeGuest } from '../ui/guest-removal.ts';
import { notify } from '../ui/notify.ts';
import { type OwnerEventSource, ownerEvents } from '../ui/owner-events.ts';
import {
  announce,
  dialPhases,
  GuestCardView,
  type PhaseLook,
  STATUS_WORDS,
  shareCardElements,
  showFeedGone,
  showLive,
  showStatusBadge,
} from '../ui/owner-page.ts';
import { $, initLoggedInPage, onSubmit, pageData, showError } from '../ui/page.ts';
import { PeerKeeper } from '../ui/peer-keeper.ts';
import { showServerReach } from '../ui/server-reach.ts';
import { ShareControls } from '../ui/share-controls.ts';
import {
  canKeepCopy,
  dropCopies,
  keepCopy,
  type OfferedBlob,
  offeredFiles,
  restoreCopy,
  shareTransferId,
  toSendInputs,
} from '../ui/share-copy.ts';
import { ownerCredentials } from '../ui/signaling-credentials.ts';
import { transferFailure } from '../ui/transfer-failure.ts';

const API = '/api/p2p';
const data = pageData<{ share: OwnerSessionView | null; defaultExpiresIn: number }>();

let share: OwnerSessionView | null = null;
/** The bytes on offer, held by this page (null: not in this browser after a reload). */
let offered: OfferedBlob[] | null = null;
let ended: 'cancelled' | 'expired' | null = null;
let events: OwnerEventSource | null = null;
let copying = false;

// ---------------------------------------------------------------------------------------------
// Compose: choose files, create the share

const form = $('#create-form') as HTMLFormElement;
const formError = $('.form__error', form);
const picker = new FilePicker(
  $('#file-input') as HTMLInputElement,
  $('#folder-input') as HTMLInputElement,
  $('#dropzone'),
  $('#chosen-list'),
  $('#chosen-summary'),
);
picker.onchange = () => showError(formError, null);

const keepCopyBox = $('#keep-copy') as HTMLInputElement;
if (!canKeepCopy()) {
  keepCopyBox.disabled = true;
  setText(
    $('#keep-copy-hint'),
    'This browser cannot keep a copy here (it needs an https:// address or localhost). Keep this page open: reloading or closing it stops the share until you choose the files again.',
  );
}

onSubmit(form, async () => {
  showError(formError, null);
  if (picker.chosen.length === 0) {
    showError(formError, 'Choose at least one file to share.');
    $('#file-input').focus();
    return;
  }
  const chosen: OfferedBlob[] = picker.chosen.map((c) => ({ path: c.path, file: c.file }));
  const body: CreateShareRequest = {
    files: offeredFiles(chosen),
    expiresIn: Number(new FormData(form).get('expiresIn') ?? data.defaultExpiresIn),
  };
  const button = $('#create-share') as HTMLButtonElement;
  button.disabled = true;
  try {
    const created = await api<CreateSessionResponse>('POST', `${API}/create`, body);
    const view = await api<OwnerSessionView>('GET', `${API}/${encodeURIComponent(created.token)}/state`);
    history.replaceState(null, '', `/p2p?share=${encodeURIComponent(created.token)}`);
    openShare(view, chosen);
    if (keepCopyBox.checked) void startCopy(created.token, chosen);
    void loadShares();
  } catch (e) {
    showError(formError, e instanceof ApiError ? e.message : 'Could not create the share.');
  } finally {
    button.disabled = false;
  }
});

// ---------------------------------------------------------------------------------------------
// The share: link, QR, PIN, files on offer

const controls = new ShareControls({
  apiBase: API,
  notifyWhat: 'when someone downloads the files',
  elements: shareCardElements('cancel-share'),
  onPin: (pin) => {
    if (share) share = { ...share, pin, isLocked: false, status: share.status === 'locked' ? 'active' : share.status };
    renderStatus();
    announce(`New PIN: ${pin.split('').join(' ')}`);
  },
  onCancelled: () => shareEnded('cancelled'),
  onExpired: () => shareEnded('expired'),
});

function renderStatus(): void {
  if (!share) return;
  const status = ended ?? share.status;
  showStatusBadge($('#share-status'), status);
  const banner = $('#share-ended');
  const text =
    ended === 'cancelled'
      ? 'This share was cancelled. The link no longer works and downloads in progress were stopped.'
      : ended === 'expired'
        ? 'This share has expired: nobody new can join. Downloads already running finish.'
        : status === 'locked'
          ? 'Too many wrong PINs were tried, so the link is locked. Press “Reset PIN” to unlock it with a new PIN.'
          : null;
  banner.hidden = text === null;
  if (text) setText(banner, text);
  $('#share-card').classList.toggle('share-card--ended', ended !== null);
}

function renderOffered(): void {
  if (!share) return;
  const list = share.offered;
  const total = list.reduce((s, f) => s + f.size, 0);
  setText(
    $('#share-title'),
    list.length === 1 ? `Sharing ${baseName(list[0]!.name)}` : `Sharing ${plural(list.length, 'file')}`,
  );
  setText($('#offered-summary'), `${plural(list.length, 'file')} · ${formatBytes(total)}`);
  replace(
    $('#offered-list'),
    list.map((f) =>
      h(
        'li',
        { class: 'list__item' },
        h(
          'div',
          { class: 'list__row' },
          h('span', { class: 'file-name' }, f.name),
          h('span', { class: 'meta' }, formatBytes(f.size)),
        ),
      ),
    ),
  );
  $('#files-missing').hidden = offered !== null || ended === 'cancelled';
}

function openShare(view: OwnerSessionView, files: OfferedBlob[] | null): void {
  share = view;
  offered = files;
  ended = view.status === 'cancelled' ? 'cancelled' : view.status === 'expired' ? 'expired' : null;
  $('#compose').hidden = true;
  $('#share').hidden = false;
  controls.show(view);
  if (ended) controls.end(ended);
  renderStatus();
  renderOffered();
  for (const g of view.guests) upsertRecipient(g);
  if (!ended) {
    events?.close();
    events = ownerEvents(view.token, onEvent, showLive, (error) => showFeedGone(error, 'sharing'), API);
  } else setText($('#live-status'), 'Ended');
  $('#share-title').focus();
}

function shareEnded(reason: 'cancelled' | 'expired'): void {
  if (ended === 'cancelled' || !share) return;
  ended = reason;
  controls.end(reason);
  renderStatus();
  renderOffered();
  if (reason === 'cancelled') {
    events?.close();
    setText($('#live-status'), 'Ended');
    for (const card of cards.values()) card.stop('Cancelled: you cancelled the share.');
  }
  void dropCopyWhenIdle();
  announce(reason === 'cancelled' ? 'The share was cancelled.' : 'The share expired.');
  void loadShares();
}

/** A copy is kept only while the share can be downloaded; an ended share's copy goes once nobody downloads. */
async function dropCopyWhenIdle(): Promise<void> {
  if (!share || !ended || copying) return;
  if ([...cards.values()].some((c) => c.busy)) return;
  await dropCopies([share.token]);
}

// ---------------------------------------------------------------------------------------------
// The background copy into OPFS, and getting the files back after a reload

const copyStatus = $('#copy-progress');

async function startCopy(token: string, files: OfferedBlob[]): Promise<void> {
  copying = true;
  copyStatus.hidden = false;
  setText(copyStatus, 'Keeping a copy in this browser… 0%');
  try {
    void (navigator.storage as StorageManager & { persist?: () => Promise<boolean> }).persist?.().catch(() => false);
    await keepCopy(token, files, (fraction) =>
      setText(copyStatus, `Keeping a copy in this browser… ${Math.floor(fraction * 100)}%`),
    );
    setText(copyStatus, '✓ A copy is kept in this browser: the share carries on after a reload.');
  } catch (e) {
    setText(
      copyStatus,
      `Could not keep a copy in this browser (${(e as Error).message}). Keep this page open: a reload stops the share.`,
    );
    await dropCopies([token]).catch(() => {});
  } finally {
    copying = false;
    if (ended) void dropCopyWhenIdle();
  }
}

/** After a reload without a copy: the user chooses the same files again (matched by name and size). */
const repick = $('#repick-input') as HTMLInputElement;
const repicked = new Map<number, File>();
repick.addEventListener('change', () => {
  if (!share) return;
  const chosen = [...(repick.files ?? [])];
  repick.value = '';
  share.offered.forEach((f, index) => {
    const leaf = baseName(f.name);
    const match = chosen.find((c) => c.size === f.size && (c.name === leaf || sanitizeFileName(c.name) === leaf));
    if (match) repicked.set(index, match);
  });
  const missing = share.offered.filter((_, i) => !repicked.has(i));
  if (missing.length > 0) {
    setText(
      $('#repick-status'),
      `${plural(repicked.size, 'file')} found. Still missing: ${missing.map((f) => baseName(f.name)).join(', ')}.`,
    );
    return;
  }
  offered = share.offered.map((f, i) => ({ path: f.name, file: repicked.get(i) as File }));
  setText($('#repick-status'), '');
  renderOffered();
  announce('The files are back. Recipients can download again.');
  for (const card of cards.values()) card.update(card.guest);
});

// ---------------------------------------------------------------------------------------------
// Recipients: one card each, one engine sender each, dialed from here (the recipient only accepts)

// The owner only dials out: its page refuses every inbound connection.
const peers = new PeerKeeper({ credentials: ownerCredentials, refuseInbound: true });
const recipientList = $('#recipient-list');
const cards = new Map<number, RecipientCard>();
showServerReach(() => [...cards.values()].some((c) => c.busy), peers);

type Phase =
  | 'verified'
  | 'no-files'
  | 'connecting'
  | 'unreachable'
  | 'sending'
  | 'reconnecting'
  | 'done'
  | 'stopped'
  | 'failed'
  | 'cancelled'
  | 'earlier'
  | 'removed';

const PHASES: Record<Phase, PhaseLook> = {
  verified: { badge: 'PIN verified', cls: '', text: 'Entered the PIN; their download starts in a moment.' },
  'no-files': {
    badge: 'Waiting for you',
    cls: 'badge--warn',
    text: 'Waiting: this page no longer holds the files. Choose them again above.',
  },
  ...dialPhases(
    "Can't reach their device; trying again by itself. If this lasts, they may have closed the page, or both devices should be on the same Wi-Fi (or the server needs a TURN server).",
  ),
  sending: { badge: 'Downloading', cls: 'badge--live', text: 'Downloading…' },
  done: { badge: 'Done', cls: 'badge--ok', text: 'Downloaded every file; each checked with its SHA-256.' },
  stopped: { badge: 'Stopped', cls: 'badge--bad', text: 'They stopped the download.' },
  failed: { badge: 'Failed', cls: 'badge--bad', text: 'The download failed.' },
  cancelled: { badge: 'Cancelled', cls: 'badge--bad', text: 'Cancelled.' },
  earlier: { badge: 'Done', cls: 'badge--ok', text: 'Downloaded earlier.' },
  removed: { badge: 'Removed', cls: 'badge--bad', text: REVOKED_TEXT.removed },
};

class RecipientCard extends GuestCardView<Phase> {
  readonly #current: HTMLElement;
  tx: Sender | null = null;
  readonly #dialer: GuestDialer;
  #notified = false;
  #revoked = false;
  readonly #remove: ReturnType<typeof removeButton>;

  constructor(
    public guest: GuestView,
    readonly number: number,
  ) {
    const current = h('p', { class: 'meta guest-card__current' });
    super(guest, `Recipient ${number}`, `Download progress of recipient ${number}`, current, PHASES, 'verified');
    this.#current = current;
    this.#dialer = new GuestDialer({
      peers,
      name: `recipient ${number}`,
      peerId: () => this.guest.peerId,
      cancelled: () => ended === 'cancelled',
      mayDial: () => offered !== null && !this.#revoked,
      prepare: (peerId, dialedId) => {
        if (!this.tx || (this.tx.isFinished && peerId !== dialedId)) this.#createSender(offered as OfferedBlob[]);
      },
      transfer: () => this.tx,
      showDialing: (unreachable) => this.showDialing(unreachable),
      onGaveUp: (answeredEver) => this.setPhase('failed', gaveUpText(answeredEver)),
      followNewId: true,
    });
    this.#remove = removeButton({
      who: `recipient ${number}`,
      busy: () => this.busy,
      question: (busy) =>
        `${busy ? `Stop sending to recipient ${number} and remove them` : `Remove recipient ${number}`}? Their link stops working; they would need a new PIN to download again.`,
      remove: async () => {
        await revokeGuest(API, (share as OwnerSessionView).token, this.guest.id);
        this.revoke('removed');
      },
    });
    this.addAction(this.#remove.element);
  }

  /** Their ticket was taken back: hang up, stop sending, dial them no more (a new PIN entry makes a new recipient). */
  revoke(reason: RevokeReason): void {
    if (this.#revoked) return;
    this.#revoked = true;
    const sending = this.busy;
    this.#dialer.stop();
    this.#dialer.link?.conn.close();
    if (sending) this.tx!.cancel();
    if (reason !== 'pin-reset') this.#remove.done();
    if (reason === 'pin-reset' && !sending && this.guest.state === 'done') return;
    if (sending) {
      this.progress.setState('failed');
      this.progress.setText('Stopped.');
    }
    this.setPhase('removed', REVOKED_TEXT[reason]);
  }

  get busy(): boolean {
    return this.tx !== null && !this.tx.isFinished;
  }

  update(guest: GuestView): void {
    this.guest = guest;
    if (guest.revokedReason) return this.revoke(guest.revokedReason);
    if (this.#revoked) return;
    if (guest.state === 'done' && !this.tx) {
      const n = guest.files.length;
      return this.setPhase(
        'earlier',
        n
          ? `Downloaded ${plural(n, 'file')} (${formatBytes(guest.files.reduce((s, f) => s + f.size, 0))}), verified.`
          : undefined,
      );
    }
    if (guest.state !== 'connecting' || !guest.peerId || ended === 'cancelled') return;
    if (!this.#notified) {
      this.#notified = true;
      notify(`Recipient ${this.number} connected`);
    }
    if (!offered) return this.setPhase('no-files');
    // A new peer id (their page reloaded) is dialed at once; a finished download may be fetched again.
    if (guest.peerId !== this.#dialer.dialedId || (!this.#dialer.link && !this.tx?.isFinished))
      void this.#dialer.connect();
  }

  #createSender(files: OfferedBlob[]): void {
    const token = (share as OwnerSessionView).token;
    const tx = createSender(null, toSendInputs(files), { transferId: shareTransferId(token) });
    this.tx = tx;
    const names = tx.files.map((f) => f.name);
    let doneCount = 0;
    tx.on('connected', ({ resumed }) => {
      this.#remove.refresh();
      this.progress.element.hidden = false;
      this.progress.setState('active');
      this.setPhase('sending', resumed ? 'Connected again; continuing where it stopped…' : 'Connected; downloading…');
    });
    tx.on('progress', (p) => {
      if (tx.isFinished) return;
      this.progress.update(p.overall);
      const moving = p.files.find((f) => f.bytes < f.total);
      if (moving && names.length > 1) setText(this.#current, `Now: ${moving.name}`);
    });
    tx.on('file-done', () => {
      doneCount += 1;
      this.say(`Downloading… ${doneCount} of ${plural(names.length, 'file')} done.`);
    });
    tx.on('file-error', ({ index, error }) => {
      if (error.code === 'digest-mismatch') {
        setText(
          this.#current,
          error.recoverable
            ? `“${names[index]}” arrived damaged; sending it again.`
            : `“${names[index]}” arrived damaged several times and was skipped.`,
        );
      }
    });
    tx.on('paused', ({ error }) => this.say(`Paused: ${error.message}`));
    tx.on('resumed', () => this.say('Sending the rest…'));
    tx.on('disconnected', () => {
      if (this.#dialer.dropped(tx.isFinished)) this.setPhase('reconnecting');
    });
    tx.on('done', (result) => {
      const ok = result.files.filter((f) => f.status === 'ok');
      this.progress.update(
        {
          bytes: ok.reduce((s, f) => s + f.size, 0),
          total: ok.reduce((s, f) => s + f.size, 0),
          percent: 100,
          speed: 0,
          eta: 0,
        },
        true,
      );
      this.progress.setState('done');
      setText(this.#current, '');
      this.setPhase(
        'done',
        `Downloaded ${plural(ok.length, 'file')} (${formatBytes(ok.reduce((s, f) => s + f.size, 0))}), each checked with its SHA-256.${ok.length < result.files.length ? ` ${result.files.length - ok.length} skipped.` : ''}`,
      );
      notify(`Recipient ${this.number} has the files`);
      announce(`Recipient ${this.number} downloaded ${plural(ok.length, 'file')}.`);
      this.#dialer.hangUpSoon();
      void dropCopyWhenIdle();
    });
    tx.on('error', (error: TransferError) => {
      this.#remove.refresh();
      this.progress.setState('failed');
      setText(this.#current, '');
      void dropCopyWhenIdle();
      if (this.#revoked) return; // the card already says why
      if (error instanceof CancelledError) this.setPhase(error.byPeer ? 'stopped' : 'cancelled');
      else this.setPhase('failed', `The download failed. ${transferFailure(error, 'the recipient')}`);
    });
  }

  stop(text: string): void {
    this.#dialer.stop();
    if (this.tx && !this.tx.isFinished) {
      this.tx.cancel();
      this.setPhase('cancelled', text);
    }
  }
}

function upsertRecipient(guest: GuestView): void {
  let card = cards.get(guest.id);
  if (!card) {
    card = new RecipientCard(guest, cards.size + 1);
    cards.set(guest.id, card);
    recipientList.appendChild(card.element);
    $('#recipients-empty').hidden = true;
  }
  card.update(guest);
}

/** The list below follows what happens (counts of recipients and downloads), at most every few seconds. */
let listRefresh: ReturnType<typeof setTimeout> | null = null;
function refreshSharesSoon(): void {
  listRefresh ??= setTimeout(() => {
    listRefresh = null;
    void loadShares();
  }, 2000);
}

function onEvent(event: OwnerEvent): void {
  if (event.type !== 'snapshot') refreshSharesSoon();
  switch (event.type) {
    case 'snapshot': {
      const s = event.session;
      const wasLocked = share?.status === 'locked';
      share = s;
      if (s.pin !== $('#pin').textContent) controls.setPin(s.pin);
      if (s.status === 'cancelled' || s.status === 'expired') shareEnded(s.status);
      else if (wasLocked !== (s.status === 'locked')) renderStatus();
      for (const g of s.guests) upsertRecipient(g);
      return;
    }
    case 'guest-verified':
      upsertRecipient(event.guest);
      announce('Someone entered the PIN.');
      return;
    case 'guest-connected':
    case 'guest-completed':
      upsertRecipient(event.guest);
      return;
    case 'guest-revoked':
      for (const id of event.guestIds) cards.get(id)?.revoke(event.reason);
      return;
    case 'session-ended':
      shareEnded(event.reason);
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// The user's shares

const shareList = $('#share-list');
const sharesStatus = $('#shares-status');

function shareItem(s: OwnerSessionView): HTMLLIElement {
  const first = s.offered[0] ? baseName(s.offered[0].name) : 'Share';
  const title = s.offered.length > 1 ? `${first} and ${plural(s.offered.length - 1, 'more file')}` : first;
  const href = `/p2p?share=${encodeURIComponent(s.token)}`;
  const open = s.status === 'active' || s.status === 'locked';
  const left = formatRemaining(new Date(s.expiresAt).getTime() - Date.now());
  const downloads = s.guests.filter((g) => g.state === 'done').length;
  const current = share?.token === s.token;
  const cancel = h(
    'button',
    { type: 'button', class: 'button button--small button--danger', 'aria-label': `Cancel ${title}` },
    'Cancel',
  );
  const confirm = h(
    'div',
    { class: 'confirm confirm--inline', hidden: true },
    h('span', {}, 'Cancel this share?'),
    h(
      'button',
      {
        type: 'button',
        class: 'button button--small button--danger-solid',
        onclick: () => void cancelShare(s, confirm),
      },
      'Yes, cancel it',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button button--small',
        onclick: () => ((confirm.hidden = true), (cancel.hidden = false), cancel.focus()),
      },
      'Keep it',
    ),
  );
  cancel.addEventListener('click', () => {
    confirm.hidden = false;
    cancel.hidden = true;
    (confirm.querySelector('button') as HTMLButtonElement).focus();
  });
  return h(
    'li',
    { class: `list__item session-item session-item--${s.status}${current ? ' session-item--current' : ''}` },
    h(
      'div',
      { class: 'list__row' },
      h(
        'div',
        { class: 'session-item__main' },
        h('a', { class: 'session-item__title', href, 'aria-current': current ? 'page' : null }, title),
        ' ',
        h('span', { class: `badge ${open ? 'badge--live' : ''}` }, STATUS_WORDS[s.status].split(':')[0] as string),
      ),
      h(
        'div',
        { class: 'button-row' },
        h('a', { class: 'button button--small', href, 'aria-label': `Open ${title}` }, 'Open'),
        open && !current ? cancel : null,
      ),
    ),
    h(
      'div',
      { class: 'meta' },
      `${plural(s.guests.length, 'recipient')} · ${plural(downloads, 'download')} · created ${formatClock(s.createdAt)} · `,
      s.status === 'active' && left
        ? `expires in ${left}`
        : `${s.status === 'expired' ? 'expired' : 'ends'} ${formatClock(s.expiresAt)}`,
    ),
    confirm,
  );
}

async function cancelShare(s: OwnerSessionView, confirm: HTMLElement): Promise<void> {
  try {
    await api('DELETE', `${API}/${encodeURIComponent(s.token)}`);
    await dropCopies([s.token]);
    await loadShares();
  } catch (e) {
    confirm.prepend(
      h('p', { class: 'form__error', role: 'alert' }, e instanceof ApiError ? e.message : 'Could not cancel.'),
    );
  }
}

async function loadShares(): Promise<void> {
  try {
    const { sessions } = await api<OwnerSessionList>('GET', API);
    replace(shareList, sessions.map(shareItem));
    sharesStatus.hidden = sessions.length > 0;
    setText(sharesStatus, sessions.length ? '' : 'No shares yet.');
    // Copies of shares that ended while no page was open are deleted now.
    const over = sessions
      .filter((s) => (s.status === 'expired' || s.status === 'cancelled') && s.token !== share?.token)
      .map((s) => s.token);
    if (over.length && canKeepCopy()) await dropCopies(over);
  } catch (e) {
    sharesStatus.hidden = false;
    setText(sharesStatus, e instanceof ApiError ? e.message : 'Could not load your shares.');
  }
}

$('#refresh-shares').addEventListener('click', () => void loadShares());

window.addEventListener('beforeunload', (event) => {
  if ([...cards.values()].some((c) => c.busy && (c.phase === 'sending' || c.phase === 'reconnecting')))
    event.preventDefault();
});

// ---------------------------------------------------------------------------------------------
// Start

await initLoggedInPage().catch(() => {
  location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
});

if (data.share) {
  const restored =
    data.share.status === 'active' || data.share.status === 'locked' ? await restoreCopy(data.share.token) : null;
  openShare(data.share, restored);
  if (restored) {
    copyStatus.hidden = false;
    setText(copyStatus, '✓ The files were restored from the copy kept in this browser.');
  }
}
await loadShares();
