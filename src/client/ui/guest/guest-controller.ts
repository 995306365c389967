/**
 * The guest's page, in either direction, as one state (guest-state.ts) changed only by `dispatch`: this
 * module turns what happens — the PIN step, the connector, the transfer engine, the server's answers —
 * into events, renders what both directions show (status line, warning, page-wide alert, overall progress,
 * stop button), and runs the effects of entering a phase (close the connection, tell the server what
 * arrived, stop the transfer of an ended page). What only one direction does comes in a `GuestDirection`.
 */
import type { RevokeReason } from '../../../shared/api/p2p.ts';
import type { FrameChannel } from '../../engine/channel.ts';
import type { CommonEvents, TransferResultFile } from '../../engine/endpoint.ts';
import { CancelledError, type TransferError } from '../../engine/errors.ts';
import type { ApiError } from '../api.ts';
import { setText } from '../dom.ts';
import { ProgressView } from '../progress.ts';
import { showServerReach } from '../server-reach.ts';
import { failureSentence, logPeerText } from '../transfer-failure.ts';
import { t } from '../words.ts';
import { GuestConnector } from './guest-connector.ts';
import { guestElement } from './guest-elements.ts';
import {
  followExpiry,
  holdLanguageChoice,
  reportCompleted,
  showFatal,
  showWarning,
  watchSession,
} from './guest-page.ts';
import {
  type Failure,
  type FailureCause,
  type GuestEvent,
  type GuestState,
  guestTransition,
  initialGuestState,
  isRunning,
  isSettled,
  pageEndOf,
  type ResultFile,
  transferOf,
} from './guest-state.ts';
import { endNotice, type GuestWords, statusText, warningText } from './guest-words.ts';
import { PinGate } from './pin-gate.ts';
import { watchTicket } from './ticket-watch.ts';

/** The transfer engine's endpoint as a guest page drives it (a Sender or a Receiver). */
export interface GuestEndpoint {
  readonly isFinished: boolean;
  attach(channel: FrameChannel): void;
  cancel(): void;
  on<K extends keyof CommonEvents>(event: K, listener: (payload: CommonEvents[K]) => void): () => void;
}

/** What the page knows of its session from the server. */
export interface GuestSession {
  expiresAt: string;
  isLocked: boolean;
}

/** A render step or an effect: told each new state and the one before it. */
export type StateListener = (state: GuestState, before: GuestState) => void;

export class GuestController {
  #state: GuestState = initialGuestState;
  readonly #listeners: StateListener[] = [];
  readonly gate: PinGate;
  readonly #checkSession: () => Promise<void>;
  readonly #checkTicket: () => Promise<void>;
  #endpoint: GuestEndpoint | null = null;
  #connector: GuestConnector | null = null;
  #waitTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #queue: GuestEvent[] = [];
  #dispatching = false;

  /**
   * `sessionUrl`: `/api/p2p/<token>` or `/api/p2p/receive/<token>`; `words`: what this direction says;
   * `pinButton`: the PIN step's button, usable again once a lock ran out.
   */
  constructor(
    private readonly sessionUrl: string,
    session: GuestSession,
    private readonly words: GuestWords,
    pinButton: HTMLButtonElement,
  ) {
    followExpiry(session.expiresAt);
    // Without WebRTC (some WebKit builds, old browsers) the PIN still checks out, but nothing can move here.
    guestElement('unsupported').hidden = hasWebRtc();
    showServerReach(() => isRunning(this.#state));
    this.gate = new PinGate({
      sessionUrl,
      input: guestElement('pin', HTMLInputElement),
      message: guestElement('pinMessage'),
      accepted: guestElement('pinAccepted'),
      ownerName: words.owner,
      onGone: (error) => this.#gone(error),
      onUnlocked: () => {
        pinButton.disabled = false;
      },
    });
    if (session.isLocked) this.gate.showLocked(null, 'unknown');
    this.#checkSession = watchSession({
      sessionUrl,
      gate: this.gate,
      settled: () => isSettled(this.#state),
      onGone: (error) => this.#gone(error),
    });
    // The owner removed this guest, set a new PIN, or refused the files as over the limits.
    this.#checkTicket = watchTicket({
      sessionUrl,
      ticket: () => this.gate.ticket,
      settled: () => isSettled(this.#state),
      onRevoked: (reason, message) => this.#revoked(reason, message),
    });
    this.#listeners.push(
      (state, before) => this.#effects(state, before),
      new CommonView(words).render,
      (state) => holdLanguageChoice(isRunning(state)),
    );
  }

  get state(): GuestState {
    return this.#state;
  }

  /** Render steps and effects of the page itself, run after the shared ones. */
  subscribe(listener: StateListener): void {
    this.#listeners.push(listener);
  }

  dispatch(event: GuestEvent): void {
    // An event raised by a listener (an effect that cancels the transfer) waits until every listener saw
    // the state before it: no listener ever renders a state older than one another listener was told.
    this.#queue.push(event);
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const before = this.#state;
        const state = guestTransition(before, next);
        if (state === before) continue;
        this.#state = state;
        for (const listener of this.#listeners) listener(state, before);
      }
    } finally {
      this.#dispatching = false;
    }
  }

  /** The PIN typed in, checked: the ticket, or null (the PIN step says why). */
  async verifyPin(): Promise<string | null> {
    const ticket = await this.gate.verify();
    if (ticket) {
      sessionStorage.setItem(this.#ticketKey, ticket);
      this.#pinDone();
    }
    return ticket;
  }

  /**
   * The ticket this tab kept from an earlier load (a reload, a language switch), taken as the PIN
   * step done; null when there is none. Kept per tab only, and dropped once the page ended (the ticket was
   * taken back, the link is gone) or by `forgetTicket`.
   */
  keptTicket(): string | null {
    const ticket = sessionStorage.getItem(this.#ticketKey);
    if (ticket) {
      this.gate.accept(ticket);
      this.#pinDone();
    }
    return ticket;
  }

  forgetTicket(): void {
    sessionStorage.removeItem(this.#ticketKey);
  }

  get #ticketKey(): string {
    return `phuppi.ticket.${this.sessionUrl}`;
  }

  #pinDone(): void {
    guestElement('pinStep').classList.add('step--done');
  }

  /** Ticket in hand: register this device and move `files` with `endpoint` once the owner's device connects. */
  async start(
    ticket: string,
    files: readonly { name: string; size: number }[],
    endpoint: GuestEndpoint,
  ): Promise<void> {
    if (this.#state.phase !== 'pin' || !hasWebRtc()) {
      endpoint.cancel();
      return;
    }
    this.#pinDone();
    this.#endpoint = endpoint;
    this.dispatch({ type: 'start', files });
    this.#follow(endpoint);
    const connector = new GuestConnector({
      sessionUrl: this.sessionUrl,
      ticket,
      onConnection: (connection) => {
        // A late caller (the link ended, the files arrived) is hung up on.
        if (!isRunning(this.#state) || endpoint.isFinished) connection.conn.close();
        else endpoint.attach(connection.channel);
      },
      onGone: (error) => this.#gone(error),
      onRevoked: (reason, message) => this.#revoked(reason, message),
      onTicketRefused: () => this.dispatch({ type: 'ended', end: { kind: 'ticket-refused' } }),
      onIncoming: () => this.dispatch({ type: 'incoming-connection' }),
      onUnreachable: () => this.dispatch({ type: 'connection-tips' }),
      onSignaling: (state) => this.dispatch({ type: 'signaling', online: state === 'online' }),
      isConnected: () => this.#state.phase === 'connected' || !isRunning(this.#state),
    });
    this.#connector = connector;
    await connector.start();
    this.dispatch({ type: 'registered' });
  }

  /** The owner took this guest's ticket back (told by the ticket watch or by any call the server refused). */
  #revoked(reason: RevokeReason, message: string): void {
    this.dispatch({ type: 'ended', end: { kind: 'revoked', reason, message } });
  }

  /** The guest pressed "Stop". */
  stop(): void {
    this.#endpoint?.cancel();
  }

  /**
   * A 404 / 410 from any call: true when it ended the page. An expiry during a transfer does not (the files
   * go on over the open connection), so the connector is not told to give up then.
   */
  #gone(error: ApiError): boolean {
    const end = pageEndOf(error);
    if (end) this.dispatch({ type: 'ended', end });
    return this.#state.phase === 'ended';
  }

  /** The engine's events, as the page's events. */
  #follow(endpoint: GuestEndpoint): void {
    const owner = this.words.owner;
    const on = endpoint.on.bind(endpoint) as GuestEndpoint['on'];
    on('connected', ({ resumed }) => this.dispatch({ type: 'connected', resumed }));
    on('disconnected', () => this.dispatch({ type: 'disconnected' }));
    on('progress', (p) => this.dispatch({ type: 'progress', overall: p.overall, files: p.files }));
    on('file-start', ({ index }) => this.dispatch({ type: 'file-start', index }));
    on('file-error', ({ index, error }) => {
      if (error.code === 'digest-mismatch')
        return this.dispatch({ type: 'file-damaged', index, recoverable: error.recoverable });
      logPeerText(error, owner);
      this.dispatch({ type: 'file-failed', index, cause: causeOf(error) });
    });
    on('file-cancelled', ({ index, byPeer }) => this.dispatch({ type: 'file-cancelled', index, byOwner: byPeer }));
    // The page's own sentence: the engine's is English, and a sender's pause carries the other side's text.
    on('paused', ({ error }) => this.dispatch({ type: 'paused', message: failureSentence(error, owner) }));
    on('resumed', () => this.dispatch({ type: 'resumed' }));
    on('done', (result) => this.dispatch({ type: 'done', result: result.files.map(resultFile) }));
    on('error', (error) => {
      logPeerText(error, owner);
      this.dispatch({ type: 'failed', failure: failureOf(error) });
    });
  }

  /** What entering a phase sets going. */
  #effects(state: GuestState, before: GuestState): void {
    if (state.phase !== before.phase) this.#clearWaitTimer();
    if ((state.phase === 'waiting' || state.phase === 'reconnecting') && !state.longWait && !this.#waitTimer)
      this.#waitTimer = setTimeout(() => {
        this.#waitTimer = null;
        this.dispatch({ type: 'wait-outlasted' });
      }, this.words.longWaitMs);
    if (state.phase === before.phase) return;
    if (state.phase === 'ended') this.forgetTicket();
    switch (state.phase) {
      case 'done':
        this.#connector?.close();
        // The owner has the files: the page says so now; telling the server goes on (until it lands) meanwhile.
        void reportCompleted(
          this.sessionUrl,
          this.gate.ticket,
          state.result.filter((f) => f.ok),
        );
        break;
      case 'failed':
        // Nothing more can come over a connection: a new try is a reload of the page.
        this.#connector?.close();
        // The owner's device hung up: perhaps the link or this guest's ticket ended; ask now, not in 5 s.
        if (state.failure.kind === 'stopped' && state.failure.byOwner) {
          void this.#checkSession();
          void this.#checkTicket();
        }
        break;
      case 'ended':
        this.#endpoint?.cancel();
        this.#connector?.close();
        break;
    }
  }

  #clearWaitTimer(): void {
    if (this.#waitTimer) clearTimeout(this.#waitTimer);
    this.#waitTimer = null;
  }
}

function resultFile(f: TransferResultFile): ResultFile {
  return {
    index: f.index,
    name: f.name,
    size: f.size,
    type: f.type,
    ok: f.status === 'ok',
    status: f.status,
    ...(f.sha256 ? { sha256: f.sha256 } : {}),
  };
}

function failureOf(error: TransferError): Failure {
  if (error instanceof CancelledError) return { kind: 'stopped', byOwner: error.byPeer };
  if (error.code === 'peer-gone') return { kind: 'owner-gone' };
  if (error.code === 'storage-full') return { kind: 'storage-full' };
  return { kind: 'error', cause: causeOf(error) };
}

/** What the page keeps of an error to word it: never the other side's text. */
function causeOf(error: TransferError): FailureCause {
  return { code: error.code, fromPeer: error.fromPeer, fault: error.fault };
}

/** What both guest pages show the same way: status line, warning, page-wide alert, overall progress, stop button. */
class CommonView {
  readonly #status = guestElement('transferStatus');
  readonly #warning = guestElement('transferWarning');
  readonly #fatal = guestElement('fatal');
  readonly #stop = guestElement('stopButton', HTMLButtonElement);
  readonly #overall: ProgressView;
  #warningShown: string | null = null;

  constructor(private readonly words: GuestWords) {
    this.#overall = new ProgressView(words.overallLabel);
  }

  readonly render = (state: GuestState, before: GuestState): void => {
    if (state.phase === 'ended' && before.phase !== 'ended') {
      const notice = endNotice(state.end, this.words);
      showFatal(this.#fatal, notice.title, notice.text);
    }
    const transfer = transferOf(state);
    if (!transfer) return;
    if (before.phase === 'pin') guestElement('overallProgress').replaceChildren(this.#overall.element);
    setText(this.#status, statusText(state, this.words));
    const warning = warningText(state, this.words);
    // Unchanged words are left alone: the box is a live region that would read them out again.
    if (warning !== this.#warningShown) showWarning(this.#warning, warning);
    this.#warningShown = warning;
    this.#stop.hidden = !isRunning(state);
    const stopped = state.phase === 'failed' || state.phase === 'ended';
    if (transfer.overall !== transferOf(before)?.overall || state.phase !== before.phase) {
      this.#overall.update(transfer.overall, state.phase === 'done');
      this.#overall.setState(state.phase === 'done' ? 'done' : stopped ? 'failed' : 'active');
      if (stopped) this.#overall.setText(t('progress.stoppedAt', { percent: Math.floor(transfer.overall.percent) }));
    }
  };
}

function hasWebRtc(): boolean {
  return typeof RTCPeerConnection === 'function';
}
