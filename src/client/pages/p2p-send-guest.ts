/**
 * `/p2p/receive/:shortcode`: the guest's "Send files" page. PIN → ticket → register this browser's
 * peer id → wait for the receiver's browser to dial in → stream the files straight to it → report
 * what arrived. The guest never dials: it only accepts the receiver's connection.
 */
import type { GuestLimits, PublicSessionResponse } from '../../shared/api/p2p.ts';
import { limitsSentence, overLimits } from '../../shared/guest-limits.ts';
import { CancelledError, createSender, type Sender, type TransferError } from '../engine/index.ts';
import type { ApiError } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { FilePicker } from '../ui/file-picker.ts';
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
import { $, onSubmit, pageData, showError } from '../ui/page.ts';
import { PinGate } from '../ui/pin-gate.ts';
import { ProgressView } from '../ui/progress.ts';
import { revokedNotice } from '../ui/revoked-notice.ts';
import { showServerReach } from '../ui/server-reach.ts';
import { watchTicket } from '../ui/ticket-watch.ts';
import { transferFailure } from '../ui/transfer-failure.ts';

const { session, limits } = pageData<{ session: PublicSessionResponse; limits: GuestLimits }>();
const base = `/api/p2p/receive/${encodeURIComponent(session.token)}`;
const receiver = session.receiverName;

const form = $('#send-form') as HTMLFormElement;
const sendError = $('#send-error');
const sendButton = $('#send-button') as HTMLButtonElement;
const fatal = $('#fatal');
const transferSection = $('#transfer');
const transferStatus = $('#transfer-status');
const transferWarning = $('#transfer-warning');

let sender: Sender | null = null;
let link: GuestLink | null = null;
let finished = false;

followExpiry(session.expiresAt);
showServerReach(() => sender !== null && !sender.isFinished);

// ---------------------------------------------------------------------------------------------
// Fatal states: expired, cancelled, gone

function showFatal(title: string, text: string): void {
  finished = true;
  form.hidden = true;
  if (!sender || sender.isFinished) transferSection.hidden = true;
  showFatalBox(fatal, title, text);
}

function fatalFor(error: ApiError): boolean {
  return linkGone(error, receiver, showFatal, () => {
    showFatal(
      'This link was cancelled',
      `${receiver} cancelled it, so it no longer accepts files. Ask them for a new link if you still need to send something.`,
    );
    sender?.cancel();
  });
}

// ---------------------------------------------------------------------------------------------
// PIN

const gate = new PinGate({
  sessionUrl: base,
  input: $('#pin') as HTMLInputElement,
  message: $('#pin-message'),
  accepted: $('#pin-ok'),
  ownerName: receiver,
  onGone: fatalFor,
  onUnlocked: () => (sendButton.disabled = false),
});
if (session.isLocked) gate.showLocked(null, 'unknown');

/** The receiver removed this guest, set a new PIN, or refused the files as over the limits. */
const checkTicket = watchTicket({
  sessionUrl: base,
  ticket: () => gate.ticket,
  finished: () => finished,
  onRevoked: (reason, message) => {
    sender?.cancel();
    link?.close();
    const notice = revokedNotice(reason, receiver, `${message} ${limitsSentence(limits, 'This link lets you')}`);
    showFatal(notice.title, notice.text);
  },
});

/** Notice a cancel or expiry while the guest is on the page (an expiry mid-transfer lets it finish: the receiver keeps it). */
const checkSession = watchLink({
  sessionUrl: base,
  gate,
  finished: () => finished,
  transfer: () => sender,
  onGone: fatalFor,
});

// ---------------------------------------------------------------------------------------------
// Files

const picker = new FilePicker(
  $('#file-input') as HTMLInputElement,
  $('#folder-button') as HTMLButtonElement,
  $('#dropzone'),
  $('#chosen-list'),
  $('#chosen-summary'),
);
picker.onchange = () => showError(sendError, null);

onSubmit(form, async () => {
  if (sender || finished) return;
  showError(sendError, null);
  sendButton.disabled = true;
  try {
    const ticket = await gate.verify();
    if (!ticket) return;
    $('#pin-step').classList.add('step--done');
    if (picker.chosen.length === 0) {
      showError(sendError, 'Choose at least one file to send.');
      $('#file-input').focus();
      return;
    }
    const over = overLimits(
      limits,
      picker.chosen.map((c) => c.file),
    );
    if (over) {
      showError(sendError, `${over} Remove some files, then press Send.`);
      return;
    }
    await startSending(ticket);
  } finally {
    sendButton.disabled = sender !== null || gate.blocked;
  }
});

// ---------------------------------------------------------------------------------------------
// Sending

let waitTimer: ReturnType<typeof setTimeout> | null = null;
let everConnected = false;
let connectedNow = false;
/** Files whose digest did not match once and that were sent again. */
const resent = new Set<number>();

interface FileRow {
  row: HTMLElement;
  state: HTMLElement;
  progress: ProgressView;
}
const rows: FileRow[] = [];
const overall = new ProgressView('Overall progress');

function status(text: string): void {
  setText(transferStatus, text);
}

function warn(text: string | null): void {
  showWarning(transferWarning, text);
}

function waitingForReceiver(): void {
  if (waitTimer) clearTimeout(waitTimer);
  waitTimer = setTimeout(() => {
    if (connectedNow || !sender || sender.isFinished) return;
    status(
      everConnected
        ? `Still waiting for ${receiver}'s device to come back. The transfer continues where it stopped as soon as it does.`
        : `${receiver}'s page isn't open right now. Keep this page open: your files go as soon as they open it.`,
    );
  }, 6000);
}

async function startSending(ticket: string): Promise<void> {
  const chosen = [...picker.chosen];
  picker.disabled = true;
  form.hidden = true;
  transferSection.hidden = false;
  $('#overall-progress').replaceChildren(overall.element);
  overall.update({ bytes: 0, total: picker.totalBytes, percent: 0, speed: 0, eta: null });
  replace(
    $('#transfer-list'),
    chosen.map((c, i) => {
      const state = h('span', { class: 'meta' }, 'Waiting');
      const progress = new ProgressView(`Progress of ${c.path}`);
      const row = h(
        'li',
        { class: 'list__item transfer-file' },
        h(
          'div',
          { class: 'list__row' },
          h('span', { class: 'file-name' }, c.path),
          h('span', { class: 'meta' }, formatBytes(c.file.size)),
          state,
        ),
        progress.element,
      );
      rows[i] = { row, state, progress };
      return row;
    }),
  );
  status(`Connecting to ${receiver}…`);
  transferStatus.focus?.();

  const tx = createSender(
    null,
    // A bare file name keeps any "/" in it as a character; only folder choices carry folder paths.
    chosen.map((c) =>
      c.inFolder ? { file: c.file, name: c.path, type: c.file.type, lastModified: c.file.lastModified } : c.file,
    ),
  );
  sender = tx;
  tx.on('connected', ({ resumed }) => {
    connectedNow = true;
    everConnected = true;
    warn(null);
    status(
      resumed ? `Connected to ${receiver} again. Continuing where it stopped…` : `Connected to ${receiver}. Sending…`,
    );
  });
  tx.on('progress', (p) => {
    overall.update(p.overall);
    for (const f of p.files) {
      const r = rows[f.index];
      if (!r) continue;
      r.progress.update(f);
      if (f.bytes > 0 && f.bytes < f.total) setText(r.state, 'Sending');
    }
  });
  tx.on('file-start', ({ index }) => {
    const r = rows[index];
    if (r) setText(r.state, 'Sending');
  });
  tx.on('file-done', ({ index }) => {
    const r = rows[index];
    if (!r) return;
    setText(r.state, '✓ Arrived');
    r.row.classList.add('transfer-file--done');
    r.progress.setState('done');
    const size = tx.files[index]?.size ?? 0;
    r.progress.update({ bytes: size, total: size, percent: 100, speed: 0, eta: 0 }, true);
  });
  tx.on('file-error', ({ index, error }) => {
    const r = rows[index];
    const name = tx.files[index]?.name ?? 'A file';
    if (error.code === 'digest-mismatch') {
      if (error.recoverable) resent.add(index);
      if (r) setText(r.state, error.recoverable ? 'Damaged on the way; sending again' : 'Failed');
      warn(
        error.recoverable
          ? `“${name}” arrived damaged, so it is being sent again automatically.`
          : `“${name}” arrived damaged several times and was skipped.`,
      );
    } else if (r) setText(r.state, transferFailure(error, receiver));
  });
  tx.on('file-cancelled', ({ index, byPeer }) => {
    const r = rows[index];
    if (r) setText(r.state, byPeer ? `Declined by ${receiver}` : 'Removed');
  });
  tx.on('disconnected', () => {
    connectedNow = false;
    status(`Connection to ${receiver} lost. Reconnecting by itself — the transfer continues where it stopped.`);
    waitingForReceiver();
  });
  tx.on('paused', ({ error }) => warn(`Paused: ${error.message}`));
  tx.on('resumed', () => warn(null));
  tx.on('done', (result) => void onDone(result.files));
  tx.on('error', (error: TransferError) => onFailed(error));

  link = new GuestLink({
    sessionUrl: base,
    ticket,
    ownerName: 'the receiver',
    onLink: (l) => {
      if (tx.isFinished) return void l.conn.close();
      if (waitTimer) clearTimeout(waitTimer);
      waitTimer = null;
      tx.attach(l.channel);
    },
    onGone: fatalFor,
    onTicketRefused: () => {
      // The ticket ran out (e.g. the receiver reset the PIN): ask for the PIN again.
      tx.cancel();
      showFatal('Please enter the PIN again', `${receiver} changed the PIN. Reload this page and enter the new PIN.`);
    },
    onWarning: warn,
    onSignaling: (state) => {
      if (state === 'offline' && !finished && !connectedNow) status('Lost contact with the server. Reconnecting…');
    },
    isConnected: () => connectedNow || tx.isFinished,
  });
  await link.start();
  if (!connectedNow) status(`Waiting for ${receiver}'s device to connect…`);
  waitingForReceiver();
}

function onDone(
  files: readonly { index: number; name: string; size: number; type: string; status: string; sha256?: string }[],
): void {
  finished = true;
  if (waitTimer) clearTimeout(waitTimer);
  const ok = files.filter((f) => f.status === 'ok');
  status('All files arrived. Finishing…');
  // The receiver has the files: the page says so now; telling the server goes on (until it lands) meanwhile.
  void reportArrived(base, gate.ticket, ok);
  link?.close();
  transferSection.hidden = true;
  const success = $('#success');
  success.hidden = false;
  const failed = files.length - ok.length;
  // The transfer's warnings go with its section: say here that the checksum caught damage and it was mended.
  const mended = ok.filter((f) => resent.has(f.index)).length;
  setText(
    $('#success-heading'),
    failed
      ? `${plural(ok.length, 'file')} arrived`
      : ok.length === 1
        ? 'Your file arrived'
        : `All ${ok.length} files arrived`,
  );
  setText(
    $('#success-text'),
    `${receiver} has ${ok.length === 1 ? 'it' : 'them'} now (${formatBytes(ok.reduce((s, f) => s + f.size, 0))}), each checked with its SHA-256 checksum.${mendedNote(mended, files.length)}${failed ? ` ${plural(failed, 'file')} did not arrive.` : ''}`,
  );
  replace(
    $('#success-list'),
    files.map((f) =>
      h(
        'li',
        { class: 'list__item' },
        h(
          'div',
          { class: 'list__row' },
          h('span', { class: 'file-name' }, f.name),
          h('span', { class: 'meta' }, f.status === 'ok' ? `✓ ${formatBytes(f.size)}` : f.status),
        ),
      ),
    ),
  );
  ($('#send-more') as HTMLAnchorElement).href = location.pathname;
  success.focus();
}

function onFailed(error: TransferError): void {
  if (finished) return;
  if (waitTimer) clearTimeout(waitTimer);
  link?.releaseWakeLock();
  overall.setState('failed');
  if (error instanceof CancelledError) {
    if (error.byPeer) {
      status(`${receiver} stopped the transfer.`);
      void checkSession();
      void checkTicket();
    } else status('You stopped sending. Reload the page to start again.');
  } else if (error.code === 'peer-gone') {
    status(`${receiver}'s device did not come back.`);
    warn(connectionTips('the receiver', 'Reload the page to try again.'));
  } else if (error.code === 'storage-full') {
    status(`${receiver}'s device has no space left for these files. Tell them, then try again.`);
  } else {
    status(`Sending failed. ${transferFailure(error, receiver)}`);
  }
  $('#stop-button').hidden = true;
}

$('#stop-button').addEventListener('click', () => {
  sender?.cancel();
});
