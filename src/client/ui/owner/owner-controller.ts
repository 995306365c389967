/**
 * The controller both owner pages share (of a receive session and of a share): it holds the page's
 * `OwnerState`, turns what happens (the server's events, the share card's buttons, the countdown, the event
 * feed's health) into `ownerTransition`s, renders the state (status badge, banner, share card, live dot)
 * and runs what a change of state sets off (cards stopped on a cancel, the feed closed, an announcement).
 * It keeps one card per guest; the direction supplies the cards and its own words (`OwnerDirection`).
 */
import type { GuestView, OwnerEvent, OwnerSessionView } from '../../../shared/api/p2p.ts';
import { SHARE_CARD_IDS } from '../../../shared/element-ids/owner-pages.ts';
import { setText } from '../dom.ts';
import { elementsById } from '../element-by-id.ts';
import { showError } from '../page.ts';
import { PeerKeeper } from '../peer-keeper.ts';
import { showServerReach } from '../server-reach.ts';
import { ownerCredentials } from '../signaling-credentials.ts';
import { ownerT } from '../words.ts';
import { type OwnerEventSource, ownerEvents } from './owner-events.ts';
import type { CardTransfer, GuestCardContext, OwnerGuestCard } from './owner-guest-card.ts';
import { announce, showStatusBadge } from './owner-page.ts';
import {
  endOf,
  type FeedState,
  NO_SESSION,
  type OwnerState,
  type OwnerStateEvent,
  ownerTransition,
  type SessionEnd,
  shownStatus,
} from './owner-state.ts';
import { type ShareCardElements, ShareControls } from './share-controls.ts';

const byId = elementsById(SHARE_CARD_IDS);

const FEED_KEYS = {
  connecting: 'owner.feed.connecting',
  live: 'owner.feed.live',
  reconnecting: 'owner.feed.reconnecting',
  offline: 'owner.feed.offline',
  ended: 'owner.feed.ended',
} as const satisfies Record<FeedState | 'ended', string>;

/** What differs between the owner's page of a receive session and of a share. */
export interface OwnerDirection<C extends OwnerGuestCard<CardTransfer>> {
  /** `/api/p2p/receive` or `/api/p2p`. */
  apiBase: string;
  elements: {
    status: HTMLElement;
    banner: HTMLElement;
    cancel: HTMLButtonElement;
    guestList: HTMLElement;
    guestsEmpty: HTMLElement;
  };
  /** The banner once the session ended. */
  endedText: Record<SessionEnd, string>;
  /** What is announced when it ends here. */
  endedAnnouncement: Record<SessionEnd, string>;
  /** A running transfer's card once the session was cancelled. */
  cancelledCardText: string;
  /** Announced when a guest enters the PIN. */
  verifiedAnnouncement: string;
  /** What a logged-out owner is told ("… Log in again to keep receiving."). */
  loggedOutText: string;
  /** Said once notifications are allowed ("You will get a notification when …"). */
  notifyOnText: string;
  cancelFailed?: string;
  makeCard(guest: GuestView, number: number, context: GuestCardContext): C;
  /** Every event from the server, before the controller handles it. */
  onServerEvent?(event: OwnerEvent): void;
  /** The session ended while this page was open. */
  onEnded?(reason: SessionEnd): void;
}

export class OwnerController<C extends OwnerGuestCard<CardTransfer>> {
  /** The page's one peer; it only dials out and refuses every inbound connection. */
  readonly peers = new PeerKeeper({ credentials: ownerCredentials, refuseInbound: true });
  readonly cards = new Map<number, C>();
  #state: OwnerState = NO_SESSION;
  #session: OwnerSessionView | null = null;
  #feed: OwnerEventSource | null = null;
  readonly #controls: ShareControls;

  constructor(private readonly d: OwnerDirection<C>) {
    this.#controls = new ShareControls({
      apiBase: d.apiBase,
      notifyOnText: d.notifyOnText,
      cancelFailed: d.cancelFailed,
      elements: shareCardElements(d.elements.cancel),
      onPin: (pin) => {
        this.apply({ type: 'pin-reset', pin });
        announce(ownerT('owner.newPin', { digits: pin.split('').join(' ') }));
      },
      onCancelled: () => this.apply({ type: 'ended', reason: 'cancelled' }),
      onExpired: () => this.apply({ type: 'ended', reason: 'expired' }),
    });
    showServerReach(() => [...this.cards.values()].some((c) => c.busy), this.peers);
    window.addEventListener('beforeunload', (event) => {
      if ([...this.cards.values()].some((c) => c.holdsPage)) event.preventDefault();
    });
  }

  get state(): OwnerState {
    return this.#state;
  }

  /** The session as the server last described it (null before one is open). */
  get session(): OwnerSessionView | null {
    return this.#session;
  }

  get ended(): SessionEnd | null {
    return endOf(this.#state);
  }

  /** Show `view` and follow its events. */
  open(view: OwnerSessionView): void {
    this.#session = view;
    this.#controls.show(view);
    this.apply({ type: 'opened', status: view.status, pin: view.pin });
    for (const guest of view.guests) this.upsert(guest);
    if (this.#state.kind === 'open') {
      this.#feed?.close();
      this.#feed = ownerEvents(
        view.token,
        (event) => this.#onServerEvent(event),
        (live) => this.apply({ type: 'feed', feed: live ? 'live' : 'reconnecting' }),
        (error) => {
          this.apply({ type: 'feed', feed: 'offline' });
          showError(byId('error'), error.status === 401 ? this.d.loggedOutText : error.message);
        },
        this.d.apiBase,
      );
    }
  }

  /** The one way the page's state changes: transition, then render, then what the change sets off. */
  apply(event: OwnerStateEvent): void {
    const before = this.#state;
    const after = ownerTransition(before, event);
    if (after === before) return;
    this.#state = after;
    this.#render(after);
    this.#follow(before, after);
  }

  #render(state: OwnerState): void {
    const status = shownStatus(state);
    if (state.kind === 'none' || status === null) return;
    showStatusBadge(this.d.elements.status, status);
    const ended = endOf(state);
    const text = ended ? this.d.endedText[ended] : status === 'locked' ? ownerT('owner.locked') : null;
    const banner = this.d.elements.banner;
    banner.hidden = text === null;
    if (text) setText(banner, text);
    byId('card').classList.toggle('share-card--ended', ended !== null);
    const feed = state.kind === 'open' ? state.feed : 'ended';
    const live = byId('liveStatus');
    setText(live, ownerT(FEED_KEYS[feed]));
    live.classList.toggle('live-dot--off', feed === 'reconnecting' || feed === 'offline');
  }

  #follow(before: OwnerState, after: OwnerState): void {
    if (before.kind === 'none' || after.kind === 'none') {
      const ended = endOf(after);
      if (ended) this.#controls.end(ended);
      return;
    }
    if (after.pin !== before.pin) this.#controls.setPin(after.pin);
    if (after.kind === before.kind || after.kind === 'open') return;
    this.#controls.end(after.kind);
    // The server ends the event stream of an ended session and answers its polls with 410.
    this.#feed?.close();
    this.#feed = null;
    if (after.kind === 'cancelled') {
      for (const card of this.cards.values()) card.stopForCancel(this.d.cancelledCardText);
    }
    announce(this.d.endedAnnouncement[after.kind]);
    this.d.onEnded?.(after.kind);
  }

  #onServerEvent(event: OwnerEvent): void {
    this.d.onServerEvent?.(event);
    switch (event.type) {
      case 'snapshot':
        this.#session = event.session;
        this.apply({ type: 'snapshot', status: event.session.status, pin: event.session.pin });
        for (const guest of event.session.guests) this.upsert(guest);
        return;
      case 'guest-verified':
        this.upsert(event.guest);
        announce(this.d.verifiedAnnouncement);
        return;
      case 'guest-connected':
      case 'guest-completed':
        this.upsert(event.guest);
        return;
      case 'guest-revoked':
        for (const id of event.guestIds) this.cards.get(id)?.revoke(event.reason);
        return;
      case 'session-ended':
        this.apply({ type: 'ended', reason: event.reason });
        return;
    }
  }

  /** A guest's card, made on first sight, told the guest's news. */
  upsert(guest: GuestView): C {
    let card = this.cards.get(guest.id);
    if (!card) {
      const session = this.#session;
      if (!session) throw new Error('no session open');
      card = this.d.makeCard(guest, this.cards.size + 1, {
        peers: this.peers,
        apiBase: this.d.apiBase,
        token: session.token,
        cancelled: () => this.#state.kind === 'cancelled',
      });
      this.cards.set(guest.id, card);
      this.d.elements.guestList.appendChild(card.element);
      this.d.elements.guestsEmpty.hidden = true;
    }
    card.update(guest);
    return card;
  }
}

/** The share card's elements, by the ids the share card partial renders; `cancel` is its cancel button. */
function shareCardElements(cancel: HTMLButtonElement): ShareCardElements {
  return {
    qr: byId('qr'),
    url: byId('url', HTMLInputElement),
    copy: byId('copyUrl', HTMLButtonElement),
    copyStatus: byId('copyStatus'),
    pin: byId('pin'),
    expiry: byId('expiry'),
    resetPin: byId('resetPin', HTMLButtonElement),
    cancel,
    confirm: byId('cancelConfirm'),
    confirmYes: byId('cancelYes', HTMLButtonElement),
    confirmNo: byId('cancelNo', HTMLButtonElement),
    error: byId('error'),
    notifications: byId('notifications', HTMLButtonElement),
  };
}
