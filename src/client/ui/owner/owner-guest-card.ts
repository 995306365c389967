/**
 * One guest's card on an owner's page, for either kind of session: heading, where from and when the PIN was
 * entered, a phase badge, a line of text, an overall progress bar, what the page adds below; the dialer that
 * connects to the guest's device and the "Remove" button. Its state is a `GuestCardState` changed only by
 * `guestTransition`; the direction (receive session or share) supplies the transfer that runs over the
 * connection, by extending this class.
 */
import type { GuestView, RevokeReason } from '../../../shared/api/p2p.ts';
import type { TransferError } from '../../engine/errors.ts';
import { h, setText } from '../dom.ts';
import { formatClock } from '../format.ts';
import type { PeerKeeper } from '../peer-keeper.ts';
import { ProgressView } from '../progress.ts';
import { ownerT } from '../words.ts';
import { type DialedTransfer, GuestDialer, type GuestDialerOptions, gaveUpText } from './guest-dialer.ts';
import { type RemoveButton, removeButton, revokedText, revokeGuest } from './guest-removal.ts';
import {
  FIRST_GUEST_STATE,
  type GuestCardEvent,
  type GuestCardState,
  type GuestPhase,
  guestTransition,
  type RevokedPhases,
} from './owner-guest-state.ts';

/** How a phase looks: badge words and class, the default line of text, and the `data-phase` name if not its own. */
export interface PhaseLook {
  badge: string;
  cls: string;
  text: string;
  name?: string;
}

/** What the page around the cards provides. */
export interface GuestCardContext {
  /** The page's one peer (the owner's id never leaves the page). */
  peers: PeerKeeper;
  /** `/api/p2p/receive` or `/api/p2p`, and the session's token: for taking a guest's ticket back. */
  apiBase: string;
  token: string;
  /** The session was cancelled: no dialing at all. */
  cancelled(): boolean;
}

/** What the cards of one kind of session say. */
export interface GuestCardLooks {
  /** "Guest 2", "Recipient 1": what heads the card. */
  title(number: number): string;
  /** "guest 2", "recipient 1": the card's guest in the console and the remove button. */
  name(number: number): string;
  progressLabel(number: number): string;
  looks: Record<GuestPhase, PhaseLook>;
  revokedPhases: RevokedPhases;
  /** The remove button's question (`busy`: a transfer runs now). */
  removeQuestion(number: number, busy: boolean): string;
}

/** The engine Receiver or Sender a card runs (only what the card itself needs of it). */
export interface CardTransfer extends DialedTransfer {
  cancel(): void;
}

export abstract class OwnerGuestCard<T extends CardTransfer> {
  readonly element: HTMLLIElement;
  readonly progress: ProgressView;
  transfer: T | null = null;
  protected readonly dialer: GuestDialer;
  protected readonly removal: RemoveButton;
  readonly #badge = h('span', { class: 'badge' });
  readonly #text = h('p', { class: 'guest-card__text' });
  #state: GuestCardState = FIRST_GUEST_STATE;

  constructor(
    public guest: GuestView,
    readonly number: number,
    protected readonly context: GuestCardContext,
    private readonly looks: GuestCardLooks,
    below: HTMLElement,
    dialing: Pick<GuestDialerOptions, 'mayDial' | 'prepare' | 'maxFailures' | 'followNewId'>,
  ) {
    const who = looks.name(number);
    this.progress = new ProgressView(looks.progressLabel(number));
    this.progress.element.hidden = true;
    this.dialer = new GuestDialer({
      ...dialing,
      peers: context.peers,
      name: who,
      peerId: () => this.guest.peerId,
      cancelled: () => context.cancelled(),
      transfer: () => this.transfer,
      showDialing: (unreachable) => this.dispatch({ type: 'dialing', unreachable }),
      onGaveUp: (answeredEver) => this.dispatch({ type: 'failed', text: gaveUpText(answeredEver) }),
    });
    this.removal = removeButton({
      who,
      busy: () => this.busy,
      question: (busy) => looks.removeQuestion(number, busy),
      remove: async () => {
        await revokeGuest(context.apiBase, context.token, this.guest.id);
        this.revoke('removed');
        await this.removed();
      },
    });
    const row = h(
      'div',
      { class: 'list__row' },
      h('strong', {}, looks.title(number)),
      h(
        'span',
        { class: 'meta' },
        ownerT('owner.card.meta', { address: guest.clientAddress, time: formatClock(guest.verifiedAt) }),
      ),
      this.#badge,
      this.removal.element,
    );
    this.element = h(
      'li',
      { class: 'list__item guest-card', 'data-guest-id': guest.id },
      row,
      this.#text,
      this.progress.element,
      below,
    );
    this.#render();
  }

  get phase(): GuestPhase {
    return this.#state.phase;
  }

  get isRevoked(): boolean {
    return this.#state.revoked;
  }

  /** A transfer runs with this guest now. */
  get busy(): boolean {
    return this.transfer !== null && !this.transfer.isFinished;
  }

  /** Busy and moving (or about to move again): leaving the page would cut it off. */
  get holdsPage(): boolean {
    return this.busy && (this.phase === 'moving' || this.phase === 'reconnecting');
  }

  dispatch(event: GuestCardEvent): void {
    // "Stop and remove" while a transfer runs, "Remove" otherwise: it follows the transfer, not the card.
    this.removal.refresh();
    const next = guestTransition(this.#state, event);
    if (next === this.#state) return;
    this.#state = next;
    this.#render();
  }

  #render(): void {
    const { phase, text } = this.#state;
    const look = this.looks.looks[phase];
    setText(this.#badge, look.badge);
    this.#badge.className = `badge ${look.cls}`;
    this.element.dataset.phase = look.name ?? phase;
    setText(this.#text, text ?? look.text);
  }

  /** The server's news of this guest (a new peer id, a state, a revocation). */
  abstract update(guest: GuestView): void;

  /** After "Remove": what else goes (a receive session drops their files from this browser). */
  protected async removed(): Promise<void> {}

  /** A running transfer was stopped by a revocation: the card's file rows say so. */
  protected stoppedUnfinished(): void {}

  /** Nothing more moves with this guest in this page (finished here, or re-opened after a reload). */
  abstract get finishedHere(): boolean;

  /**
   * The guest's ticket was taken back: hang up, stop a running transfer (its partial data goes), dial no more.
   * After a new PIN, a guest who had finished keeps what their card says (and may still be removed).
   */
  revoke(reason: RevokeReason, text = revokedText(reason)): void {
    if (this.isRevoked) return;
    const busy = this.busy;
    const keep = reason === 'pin-reset' && !busy && (this.finishedHere || this.guest.state === 'done');
    this.dialer.stop();
    this.dialer.connection?.conn.close();
    if (busy) this.transfer?.cancel();
    if (reason !== 'pin-reset') this.removal.done();
    if (!keep && busy) {
      this.progress.setState('failed');
      this.progress.setText(ownerT('owner.phase.stoppedText'));
      this.stoppedUnfinished();
    }
    this.dispatch({ type: 'revoked', phase: this.looks.revokedPhases[reason], text, keep });
  }

  /**
   * The transfer failed because the other side flooded this page or ignored the flow-control window. Only a
   * peer running its own code does either, so its ticket goes too: it cannot dial back in and do it again. The
   * card says `text`. Answers whether `error` was such a failure.
   */
  protected revokeIfAbusive(error: TransferError, text: string): boolean {
    if (error.fromPeer || (error.fault !== 'control-flood' && error.fault !== 'overrun')) return false;
    void revokeGuest(this.context.apiBase, this.context.token, this.guest.id).catch((e) =>
      console.warn('could not take back the ticket of a guest that broke the protocol', e),
    );
    this.revoke('removed', text);
    return true;
  }

  /** The session was cancelled: dial no more, and stop a running transfer saying `text`. */
  stopForCancel(text: string): void {
    this.dialer.stop();
    if (this.busy) {
      this.transfer?.cancel();
      this.dispatch({ type: 'cancelled', text });
    }
  }
}
