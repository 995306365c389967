/**
 * `/p2p/receive/:shortcode`: the guest's "Send files" page. PIN → ticket → register this browser's
 * peer id → wait for the receiver's browser to dial in → stream the files straight to it → report
 * what arrived. The guest never dials: it only accepts the receiver's connection.
 */
import type { Peer } from 'peerjs';
import type { PublicSessionResponse, VerifyPinResponse } from '../../shared/api/p2p.ts';
import { acceptConnections, CancelledError, createSender, type Sender, type TransferError } from '../engine/index.ts';
import { api, ApiError } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { formatBytes, formatClock, formatRemaining, plural } from '../ui/format.ts';
import { FilePicker } from '../ui/file-picker.ts';
import { $, pageData, showError } from '../ui/page.ts';
import { PeerKeeper } from '../ui/peer-keeper.ts';
import { ProgressView } from '../ui/progress.ts';

const { session } = pageData<{ session: PublicSessionResponse }>();
const base = `/api/p2p/receive/${encodeURIComponent(session.token)}`;
const receiver = session.receiverName;

const form = $('#send-form') as HTMLFormElement;
const pinInput = $('#pin') as HTMLInputElement;
const pinMessage = $('#pin-message');
const sendError = $('#send-error');
const sendButton = $('#send-button') as HTMLButtonElement;
const fatal = $('#fatal');
const transferSection = $('#transfer');
const transferStatus = $('#transfer-status');
const transferWarning = $('#transfer-warning');

let ticket: string | null = null;
let lockTimer: ReturnType<typeof setInterval> | null = null;
let sender: Sender | null = null;
let finished = false;

// ---------------------------------------------------------------------------------------------
// Expiry line

$('#expires-at').textContent = formatClock(session.expiresAt);
function renderExpiry(): void {
  const left = formatRemaining(new Date(session.expiresAt).getTime() - Date.now());
  setText($('#expiry-line'), left ? `Link valid for ${left} more (until ${formatClock(session.expiresAt)})` : 'This link has expired.');
}
renderExpiry();
setInterval(renderExpiry, 15_000);

// ---------------------------------------------------------------------------------------------
// Fatal states: expired, cancelled, gone

function showFatal(title: string, text: string): void {
  finished = true;
  form.hidden = true;
  if (!sender || sender.isFinished) transferSection.hidden = true;
  replace(fatal, h('strong', { class: 'alert__title' }, title), h('span', {}, text));
  fatal.hidden = false;
  fatal.focus();
}

function fatalFor(error: ApiError): boolean {
  if (error.status === 410 && error.code === 'CANCELLED') {
    showFatal('This link was cancelled', `${receiver} cancelled it, so it no longer accepts files. Ask them for a new link if you still need to send something.`);
    sender?.cancel();
    return true;
  }
  if (error.status === 410) {
    showFatal('This link has expired', `Ask ${receiver} for a new link.`);
    return true;
  }
  if (error.status === 404) {
    showFatal("This link doesn't exist anymore", `Ask ${receiver} for a new link.`);
    return true;
  }
  return false;
}

/** Notice a cancel or expiry while the guest is on the page. */
async function checkSession(): Promise<void> {
  if (finished) return;
  try {
    const s = await api<PublicSessionResponse>('GET', base);
    if (!ticket && s.isLocked && !lockTimer) showLocked(null, 'address-or-session');
  } catch (e) {
    if (!(e instanceof ApiError)) return;
    // A link that expires mid-transfer still lets the running transfer finish (the receiver keeps it).
    if (e.status === 410 && e.code !== 'CANCELLED' && sender && !sender.isFinished) return;
    fatalFor(e);
  }
}
setInterval(() => void checkSession(), 5000);

// ---------------------------------------------------------------------------------------------
// PIN

function pinProblem(text: string | null, kind: 'error' | 'warn' = 'error'): void {
  pinMessage.className = `pin-message alert alert--${kind}`;
  showError(pinMessage, text);
  pinInput.setAttribute('aria-invalid', text && kind === 'error' ? 'true' : 'false');
}

function showLocked(lockedUntil: string | null, scope: 'address' | 'session' | 'address-or-session'): void {
  if (lockTimer) clearInterval(lockTimer);
  lockTimer = null;
  pinInput.disabled = scope === 'address';
  const render = () => {
    if (scope === 'session' || (scope === 'address-or-session' && !lockedUntil)) {
      return pinProblem(
        scope === 'session'
          ? `Too many wrong PINs were tried, so this link is locked. Ask ${receiver} to press “Reset PIN” and tell you the new PIN.`
          : `Too many wrong PINs were tried. Wait a little, or ask ${receiver} to reset the PIN.`,
      );
    }
    const left = formatRemaining(new Date(lockedUntil as string).getTime() - Date.now());
    if (!left) {
      if (lockTimer) clearInterval(lockTimer);
      lockTimer = null;
      pinInput.disabled = false;
      sendButton.disabled = false;
      return pinProblem('You can try the PIN again now.', 'warn');
    }
    pinProblem(`Locked after 3 wrong PINs. Try again in ${left} (at ${formatClock(lockedUntil as string)}), or ask ${receiver} for the PIN.`);
  };
  render();
  if (lockedUntil) lockTimer = setInterval(render, 1000);
}

async function verifyPin(): Promise<boolean> {
  const pin = pinInput.value.trim();
  if (!/^\d{2}$/.test(pin)) {
    pinProblem(`Enter the 2-digit PIN shown on ${receiver}'s screen.`);
    pinInput.focus();
    return false;
  }
  try {
    const result = await api<VerifyPinResponse>('POST', `${base}/verify-pin`, { pin });
    if (result.valid && result.ticket) {
      ticket = result.ticket;
      pinProblem(null);
      pinInput.disabled = true;
      $('#pin-ok').hidden = false;
      $('#pin-step').classList.add('step--done');
      return true;
    }
    if (result.locked) {
      showLocked(result.lockedUntil ?? null, result.lockedUntil ? 'address' : 'session');
      return false;
    }
    const n = result.attemptsRemaining;
    pinProblem(`Wrong PIN. ${n > 0 ? `${plural(n, 'attempt')} left.` : ''} Check the number on ${receiver}'s screen.`);
    pinInput.select();
    pinInput.focus();
    return false;
  } catch (e) {
    if (e instanceof ApiError && e.status === 423) {
      const until = typeof e.body.lockedUntil === 'string' ? e.body.lockedUntil : null;
      showLocked(until, until ? 'address' : 'session');
      return false;
    }
    if (e instanceof ApiError && fatalFor(e)) return false;
    pinProblem(e instanceof ApiError ? e.message : 'Could not check the PIN. Try again.');
    return false;
  }
}

pinInput.addEventListener('input', () => {
  pinInput.value = pinInput.value.replace(/\D/g, '').slice(0, 2);
  if (pinInput.getAttribute('aria-invalid') === 'true') pinProblem(null);
});

if (session.isLocked) showLocked(null, 'address-or-session');

// ---------------------------------------------------------------------------------------------
// Files

const picker = new FilePicker($('#file-input') as HTMLInputElement, $('#folder-button') as HTMLButtonElement, $('#dropzone'), $('#chosen-list'), $('#chosen-summary'));
picker.onchange = () => showError(sendError, null);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sender || finished) return;
  showError(sendError, null);
  sendButton.disabled = true;
  try {
    if (!ticket && !(await verifyPin())) return;
    if (picker.chosen.length === 0) {
      showError(sendError, 'Choose at least one file to send.');
      $('#file-input').focus();
      return;
    }
    await startSending();
  } finally {
    sendButton.disabled = sender !== null || (lockTimer !== null && pinInput.disabled);
  }
});

// ---------------------------------------------------------------------------------------------
// Sending

const keeper = new PeerKeeper();
let unsubscribe: (() => void) | null = null;
let waitTimer: ReturnType<typeof setTimeout> | null = null;
let everConnected = false;
let connectedNow = false;
let wakeLock: { release(): Promise<void> } | null = null;

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
  transferWarning.hidden = text === null;
  if (text !== null) replace(transferWarning, ...text.split('\n').map((line, i) => (i === 0 ? h('strong', {}, line) : h('span', { class: 'alert__line' }, line))));
}

const CONNECTION_TIPS =
  "The two devices could not connect directly.\nBe on the same Wi-Fi network as the receiver (guest Wi-Fi often keeps devices apart; mobile data only works if the server has a TURN relay).\nOpen the link with https:// if the server offers it.\nThe server's administrator can add a TURN server (PHUPPI_ICE_SERVERS) for devices on different networks.\nThis page keeps trying by itself.";

async function registerPeer(id: string): Promise<void> {
  if (!ticket || finished) return;
  for (let attempt = 0; ; attempt++) {
    try {
      await api('POST', `${base}/connect`, { peerjs_id: id, ticket });
      return;
    } catch (e) {
      if (e instanceof ApiError && fatalFor(e)) return;
      if (e instanceof ApiError && e.status === 403) {
        // The ticket ran out (e.g. the receiver reset the PIN): ask for the PIN again.
        ticket = null;
        sender?.cancel();
        showFatal('Please enter the PIN again', `${receiver} changed the PIN. Reload this page and enter the new PIN.`);
        return;
      }
      if (attempt >= 5) {
        warn(`Cannot reach the server to announce this device.\nCheck your connection; this page keeps trying.`);
      }
      await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 15_000)));
    }
  }
}

function listen(peer: Peer): void {
  unsubscribe?.();
  const off = acceptConnections(peer, (link) => {
    if (!sender || sender.isFinished) {
      link.conn.close();
      return;
    }
    if (waitTimer) clearTimeout(waitTimer);
    waitTimer = null;
    warn(null);
    sender.attach(link.channel);
  });
  // Notice connection attempts that never open (ICE failed): that is when tips help.
  const watch = (conn: { open: boolean }) => {
    setTimeout(() => {
      if (!conn.open && !connectedNow && sender && !sender.isFinished) warn(CONNECTION_TIPS);
    }, 20_000);
  };
  peer.on('connection', watch);
  unsubscribe = () => {
    off();
    peer.off('connection', watch);
  };
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

async function startSending(): Promise<void> {
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
      const row = h('li', { class: 'list__item transfer-file' }, h('div', { class: 'list__row' }, h('span', { class: 'file-name' }, c.path), h('span', { class: 'meta' }, formatBytes(c.file.size)), state), progress.element);
      rows[i] = { row, state, progress };
      return row;
    }),
  );
  status(`Connecting to ${receiver}…`);
  transferStatus.focus?.();

  const tx = createSender(
    null,
    // A bare file name keeps any "/" in it as a character; only folder choices carry folder paths.
    chosen.map((c) => (c.inFolder ? { file: c.file, name: c.path, type: c.file.type, lastModified: c.file.lastModified } : c.file)),
  );
  sender = tx;
  tx.on('connected', ({ resumed }) => {
    connectedNow = true;
    everConnected = true;
    warn(null);
    status(resumed ? `Connected to ${receiver} again. Continuing where it stopped…` : `Connected to ${receiver}. Sending…`);
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
      if (r) setText(r.state, error.recoverable ? 'Damaged on the way; sending again' : 'Failed');
      warn(error.recoverable ? `“${name}” arrived damaged, so it is being sent again automatically.` : `“${name}” arrived damaged several times and was skipped.`);
    } else if (r) setText(r.state, error.message);
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
  tx.on('done', (result) => void onDone(result.files));
  tx.on('error', (error: TransferError) => onFailed(error));

  keeper.onNewId = (id) => {
    if (keeper.current) listen(keeper.current);
    void registerPeer(id);
  };
  keeper.onState = (state) => {
    if (state === 'offline' && !finished && !connectedNow) status('Lost contact with the server. Reconnecting…');
  };
  try {
    await keeper.get();
  } catch {
    /* keeps retrying inside */
  }
  if (!connectedNow) status(`Waiting for ${receiver}'s device to connect…`);
  waitingForReceiver();
  // Keep the signaling connection alive (phones drop sockets when the screen sleeps).
  setInterval(() => {
    if (finished) return;
    const p = keeper.current;
    if (!p || p.disconnected) void keeper.get().catch(() => {});
  }, 5000);
  try {
    wakeLock = (await (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock?.request('screen')) ?? null;
  } catch {
    wakeLock = null;
  }
}

async function onDone(files: readonly { name: string; size: number; type: string; status: string; sha256?: string }[]): Promise<void> {
  finished = true;
  if (waitTimer) clearTimeout(waitTimer);
  const ok = files.filter((f) => f.status === 'ok');
  status('All files arrived. Finishing…');
  let note = '';
  for (let attempt = 0; attempt < 4 && ticket; attempt++) {
    try {
      await api('POST', `${base}/complete`, {
        ticket,
        files: ok.map((f) => ({ name: f.name, size: f.size, type: f.type, ...(f.sha256 ? { sha256: f.sha256 } : {}) })),
      });
      break;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) break; // expired/cancelled meanwhile: the files are still there
      note = ' (The server could not be told, but the receiver has the files.)';
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
    }
  }
  void wakeLock?.release().catch(() => {});
  setTimeout(() => keeper.close(), 3000);
  transferSection.hidden = true;
  const success = $('#success');
  success.hidden = false;
  const failed = files.length - ok.length;
  setText($('#success-heading'), failed ? `${plural(ok.length, 'file')} arrived` : ok.length === 1 ? 'Your file arrived' : `All ${ok.length} files arrived`);
  setText(
    $('#success-text'),
    `${receiver} has ${ok.length === 1 ? 'it' : 'them'} now (${formatBytes(ok.reduce((s, f) => s + f.size, 0))}), each checked with its SHA-256 checksum.${failed ? ` ${plural(failed, 'file')} did not arrive.` : ''}${note}`,
  );
  replace(
    $('#success-list'),
    files.map((f) => h('li', { class: 'list__item' }, h('div', { class: 'list__row' }, h('span', { class: 'file-name' }, f.name), h('span', { class: 'meta' }, f.status === 'ok' ? `✓ ${formatBytes(f.size)}` : f.status)))),
  );
  ($('#send-more') as HTMLAnchorElement).href = location.pathname;
  success.focus();
}

function onFailed(error: TransferError): void {
  if (finished) return;
  if (waitTimer) clearTimeout(waitTimer);
  void wakeLock?.release().catch(() => {});
  overall.setState('failed');
  if (error instanceof CancelledError) {
    if (error.byPeer) {
      status(`${receiver} stopped the transfer.`);
      void checkSession();
    } else status('You stopped sending. Reload the page to start again.');
  } else if (error.code === 'peer-gone') {
    status(`${receiver}'s device did not come back.`);
    warn(CONNECTION_TIPS.replace('This page keeps trying by itself.', 'Reload the page to try again.'));
  } else if (error.code === 'storage-full') {
    status(`${receiver}'s device has no space left for these files. Tell them, then try again.`);
  } else {
    status(`Sending failed: ${error.message}`);
  }
  $('#stop-button').hidden = true;
}

$('#stop-button').addEventListener('click', () => {
  sender?.cancel();
});
