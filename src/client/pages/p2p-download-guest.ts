/**
 * `/p2p/:shortcode`: the guest's download page. PIN → ticket → register this browser's peer id → the
 * sender's browser dials in → the files stream into this browser's storage (OPFS, else memory), each
 * checked with its SHA-256 → each saved as an ordinary download, or all as one ZIP → tell the server
 * what arrived. A dropped connection resumes from the last byte stored; so does a reload of this page
 * (the ticket is kept for this tab, the bytes in OPFS).
 */
import type { PublicShareResponse } from '../../shared/api/p2p.ts';
import {
  CancelledError,
  clearOpfsTransfers,
  createReceiver,
  OpfsStorage,
  pickStorage,
  type Receiver,
  type TransferError,
} from '../engine/index.ts';
import type { ApiError } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { formatBytes, plural } from '../ui/format.ts';
import { connectionTips, GuestLink } from '../ui/guest-link.ts';
import {
  followExpiry,
  linkGone,
  mendedNote,
  reportArrived,
  showFatal as showFatalBox,
  showWarning,
  watchLink,
} from '../ui/guest-page.ts';
import { $, assetUrl, onSubmit, pageData } from '../ui/page.ts';
import { PinGate } from '../ui/pin-gate.ts';
import { ProgressView } from '../ui/progress.ts';
import { revokedNotice } from '../ui/revoked-notice.ts';
import { saveZip, zipName, zipSavedText } from '../ui/save.ts';
import { showServerReach } from '../ui/server-reach.ts';
import { brokenPromise } from '../ui/share-promise.ts';
import { liveTransferIds, remember } from '../ui/stored-transfers.ts';
import { watchTicket } from '../ui/ticket-watch.ts';
import { transferFailure } from '../ui/transfer-failure.ts';

const { share } = pageData<{ share: PublicShareResponse }>();
const base = `/api/p2p/${encodeURIComponent(share.token)}`;
const sender = share.senderName;
const TICKET_KEY = `phuppi.share.ticket.${share.token}`;

const pinForm = $('#pin-form') as HTMLFormElement;
const getButton = $('#get-files') as HTMLButtonElement;
const fatal = $('#fatal');
const statusLine = $('#transfer-status');
const warning = $('#transfer-warning');
const downloadAll = $('#download-all') as HTMLButtonElement;
const stopButton = $('#stop-button') as HTMLButtonElement;

let rx: Receiver | null = null;
let link: GuestLink | null = null;
let finished = false;
let connectedNow = false;
let everConnected = false;
let waitTimer: ReturnType<typeof setTimeout> | null = null;
/** Why the sender's offer was refused (it was not what the share lists). */
let refused: string | null = null;
/** Files whose digest did not match once and that were sent again. */
const resent = new Set<number>();

function status(text: string): void {
  setText(statusLine, text);
}

function warn(text: string | null): void {
  showWarning(warning, text);
}

// ---------------------------------------------------------------------------------------------
// Expiry, and noticing a cancel or expiry while the page is open

followExpiry(share.expiresAt);
showServerReach(() => rx !== null && !rx.isFinished);

function showFatal(title: string, text: string): void {
  finished = true;
  pinForm.hidden = true;
  showFatalBox(fatal, title, text);
}

/** 404 / 410: say why the link no longer works. */
function onGone(error: ApiError): boolean {
  return linkGone(error, sender, showFatal, () => {
    rx?.cancel();
    stopped(`${sender} cancelled this share.`);
    showFatal(
      'This share was cancelled',
      `${sender} cancelled it, so the files can no longer be downloaded here. Ask them for a new link if you still need them.`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The file list: a row per file, a download link once it has arrived and been verified

interface Row {
  item: HTMLLIElement;
  state: HTMLElement;
  progress: ProgressView;
  name: string;
  file: File | null;
  url: string | null;
}
let rows: Row[] = [];
const overall = new ProgressView('Overall download progress');

function renderRows(files: readonly { name: string; size: number }[]): void {
  for (const r of rows) if (r.url) URL.revokeObjectURL(r.url);
  rows = files.map((f) => {
    const state = h('span', { class: 'meta download-file__state' }, '');
    const progress = new ProgressView(`Progress of ${f.name}`);
    progress.element.hidden = true;
    const item = h(
      'li',
      { class: 'list__item download-file' },
      h(
        'div',
        { class: 'list__row' },
        h('span', { class: 'file-name' }, f.name),
        h('span', { class: 'meta' }, formatBytes(f.size)),
        state,
      ),
      progress.element,
    );
    return { item, state, progress, name: f.name, file: null, url: null };
  });
  replace(
    $('#download-list'),
    rows.map((r) => r.item),
  );
  const total = files.reduce((s, f) => s + f.size, 0);
  setText($('#files-summary'), `${plural(files.length, 'file')} · ${formatBytes(total)}`);
}
renderRows(share.files);

function fileArrived(index: number, file: File): void {
  const r = rows[index];
  if (!r || r.url) return;
  r.file = file;
  r.url = URL.createObjectURL(file);
  r.progress.element.hidden = true;
  setText(r.state, '✓ Verified');
  const a = h(
    'a',
    { class: 'file-link', href: r.url, download: file.name },
    h('span', { class: 'file-link__icon', 'aria-hidden': 'true' }, '↓'),
    h('span', { class: 'visually-hidden' }, 'Download '),
    h('span', { class: 'file-name' }, r.name),
  );
  (r.item.querySelector('.file-name') as HTMLElement).replaceWith(a);
  r.item.classList.add('download-file--ready');
}

downloadAll.addEventListener('click', async () => {
  const ready = rows.filter((r) => r.file);
  if (ready.length === 0) return;
  downloadAll.disabled = true;
  const label = downloadAll.textContent ?? 'Download all (ZIP)';
  setText(downloadAll, 'Preparing ZIP…');
  setText($('#zip-status'), '');
  try {
    const saved = await saveZip(
      ready.map((r) => ({ path: r.name, file: r.file as File })),
      zipName(`Files from ${sender}`, share.shortcode),
    );
    if (saved) setText($('#zip-status'), zipSavedText(saved, ready.length));
  } catch (e) {
    setText($('#zip-status'), `Could not build the ZIP: ${(e as Error).message}`);
  } finally {
    downloadAll.disabled = false;
    setText(downloadAll, label);
  }
});

// ---------------------------------------------------------------------------------------------
// PIN

const gate = new PinGate({
  sessionUrl: base,
  input: $('#pin') as HTMLInputElement,
  message: $('#pin-message'),
  accepted: $('#pin-ok'),
  ownerName: sender,
  onGone,
  onUnlocked: () => (getButton.disabled = false),
});
if (share.isLocked) gate.showLocked(null, 'unknown');

/** Notice a cancel or expiry while the page is open (an expiry during a download lets it finish: the sender's page keeps sending). */
const checkShare = watchLink({ sessionUrl: base, gate, finished: () => finished, transfer: () => rx, onGone });

/** The sender removed this recipient or set a new PIN: stop, and say so. */
const checkTicket = watchTicket({
  sessionUrl: base,
  ticket: () => gate.ticket,
  finished: () => finished,
  onRevoked: (reason, message) => {
    sessionStorage.removeItem(TICKET_KEY);
    rx?.cancel();
    link?.close();
    stopped(reason === 'removed' ? `${sender} removed you from this share.` : 'Stopped: the PIN was changed.');
    const notice = revokedNotice(reason, sender, message);
    showFatal(notice.title, notice.text);
  },
});

onSubmit(pinForm, async () => {
  if (rx || finished) return;
  getButton.disabled = true;
  try {
    const ticket = await gate.verify();
    if (ticket) await startDownload(ticket);
  } finally {
    getButton.disabled = rx !== null || gate.blocked;
  }
});

// ---------------------------------------------------------------------------------------------
// Downloading

function waitingForSender(): void {
  if (waitTimer) clearTimeout(waitTimer);
  waitTimer = setTimeout(() => {
    if (connectedNow || finished || !rx || rx.isFinished) return;
    status(
      everConnected
        ? `Still waiting for ${sender}'s device to come back. The download continues where it stopped as soon as it does.`
        : `${sender}'s page isn't open right now. Keep this page open: the download starts as soon as they open it.`,
    );
  }, 10_000);
}

function stopped(text: string): void {
  if (waitTimer) clearTimeout(waitTimer);
  status(text);
  stopButton.hidden = true;
  link?.close();
  if (!rx) return;
  overall.setState('failed');
  const percent = $('#overall-progress [role=progressbar]').getAttribute('aria-valuenow') ?? '0';
  overall.setText(`Stopped at ${percent}%`);
  for (const row of rows) {
    if (row.file) continue;
    setText(row.state, 'Not downloaded');
    row.progress.element.hidden = true;
  }
  downloadAll.hidden = !rows.some((r) => r.file);
}

async function startDownload(ticket: string): Promise<void> {
  sessionStorage.setItem(TICKET_KEY, ticket);
  $('#pin-step').classList.add('step--done');
  getButton.hidden = true;
  stopButton.hidden = false;
  $('#overall-progress').replaceChildren(overall.element);
  overall.update({ bytes: 0, total: share.files.reduce((s, f) => s + f.size, 0), percent: 0, speed: 0, eta: null });
  status(`Connecting to ${sender}…`);
  if (OpfsStorage.isAvailable()) await clearOpfsTransfers(liveTransferIds()).catch(() => {});
  const storage = await pickStorage({ opfsWorkerUrl: assetUrl('opfs-worker.js') });
  const r = createReceiver(null, storage);
  rx = r;

  r.on('manifest', ({ transferId, files, storage: kind }) => {
    refused = brokenPromise(share.files, files);
    if (refused) return r.cancel();
    remember({ token: share.token, holder: { kind: 'download' }, transferId, files: [...files], storage: kind });
    for (const row of rows) row.progress.element.hidden = row.file !== null;
  });
  r.on('paused', ({ error }) => warn(`Paused: ${error.message}`));
  r.on('resumed', () => warn(null));
  r.on('connected', ({ resumed }) => {
    connectedNow = true;
    everConnected = true;
    warn(null);
    status(
      resumed ? `Connected to ${sender} again. Continuing where it stopped…` : `Connected to ${sender}. Downloading…`,
    );
  });
  r.on('progress', (p) => {
    overall.update(p.overall, r.isFinished);
    for (const f of p.files) {
      const row = rows[f.index];
      if (!row || row.file) continue;
      row.progress.update(f);
      if (f.bytes > 0 && f.bytes < f.total) setText(row.state, 'Downloading');
    }
  });
  r.on('file-done', async ({ index }) => {
    try {
      fileArrived(index, await r.getReceivedFile(index));
      downloadAll.disabled = false;
    } catch (e) {
      console.error('could not open a received file', e);
    }
  });
  r.on('file-error', ({ index, error }) => {
    const row = rows[index];
    if (error.code !== 'digest-mismatch') return;
    if (error.recoverable) resent.add(index);
    if (row) setText(row.state, error.recoverable ? 'Arrived damaged; being sent again' : 'Arrived damaged; skipped');
    warn(
      error.recoverable
        ? `“${row?.name ?? 'A file'}” arrived damaged (its SHA-256 checksum did not match), so it is being sent again automatically.`
        : `“${row?.name ?? 'A file'}” arrived damaged several times and was skipped.`,
    );
  });
  r.on('disconnected', () => {
    connectedNow = false;
    status(`Connection to ${sender} lost. Reconnecting by itself — the download continues where it stopped.`);
    waitingForSender();
  });
  r.on('done', (result) => void onDone(result.files));
  r.on('error', (error: TransferError) => onFailed(error));

  link = new GuestLink({
    sessionUrl: base,
    ticket,
    ownerName: sender,
    onLink: (l) => {
      if (!r.isFinished) {
        if (waitTimer) clearTimeout(waitTimer);
        r.attach(l.channel);
      } else l.conn.close();
    },
    onGone,
    onTicketRefused: () => {
      sessionStorage.removeItem(TICKET_KEY);
      r.cancel();
      stopped('Stopped: the PIN was changed.');
      showFatal('Please enter the PIN again', `${sender} changed the PIN. Reload this page and enter the new PIN.`);
    },
    onWarning: warn,
    onSignaling: (state) => {
      if (state === 'offline' && !finished && !connectedNow) status('Lost contact with the server. Reconnecting…');
    },
    isConnected: () => connectedNow,
  });
  await link.start();
  if (!connectedNow && !r.isFinished) status(`Waiting for ${sender}'s device to connect…`);
  waitingForSender();
}

async function onDone(
  files: readonly { index: number; name: string; size: number; type: string; status: string; sha256?: string }[],
): Promise<void> {
  finished = true;
  if (waitTimer) clearTimeout(waitTimer);
  stopButton.hidden = true;
  link?.close();
  sessionStorage.removeItem(TICKET_KEY);
  const ok = files.filter((f) => f.status === 'ok');
  overall.setState('done');
  for (const f of ok)
    if (rx && !rows[f.index]?.file)
      fileArrived(f.index, await rx.getReceivedFile(f.index).catch(() => new File([], f.name)));
  const skipped = files.length - ok.length;
  // A damaged file that came right is no longer a warning: the finished line says it instead.
  const mended = ok.filter((f) => resent.has(f.index)).length;
  if (mended) warn(null);
  status(
    `${ok.length === files.length ? (ok.length === 1 ? 'Your file has arrived' : `All ${ok.length} files have arrived`) : `${plural(ok.length, 'file')} arrived`}` +
      `, each checked with its SHA-256.${mendedNote(mended, files.length)} Tap a file to save it, or save them all at once as a ZIP.${skipped ? ` ${plural(skipped, 'file')} did not arrive.` : ''}`,
  );
  downloadAll.focus();
  await reportArrived(base, gate.ticket, ok);
}

function onFailed(error: TransferError): void {
  if (finished) return;
  if (refused) {
    stopped('The download was stopped.');
    warn(refused);
  } else if (error instanceof CancelledError) {
    if (error.byPeer) {
      stopped(`${sender} stopped sending.`);
      void checkShare();
      void checkTicket();
    } else stopped('You stopped the download. Reload the page to start again.');
  } else if (error.code === 'peer-gone') {
    stopped(`${sender}'s device did not come back.`);
    warn(connectionTips(sender, 'Reload the page to try again.'));
  } else if (error.code === 'storage-full') {
    stopped('This device has no space left for these files. Free some space, then reload the page.');
  } else stopped(`The download failed. ${transferFailure(error, sender)}`);
}

stopButton.addEventListener('click', () => {
  sessionStorage.removeItem(TICKET_KEY);
  rx?.cancel();
});

// With OPFS a reload resumes from what is stored; from memory it would start over.
window.addEventListener('beforeunload', (event) => {
  if (rx && !rx.isFinished && rx.storageKind === 'memory') event.preventDefault();
});

// A reload of this tab carries on with the ticket it had (and, with OPFS, the bytes it had stored).
const kept = sessionStorage.getItem(TICKET_KEY);
if (kept) {
  gate.accept(kept);
  void startDownload(kept);
}
