/**
 * The state of an owner's page (of a receive session or of a share) and the one function that changes it.
 * DOM-free: the page renders what this says and Node unit tests drive it (test/unit/pages/owner-state.test.ts).
 *
 * A session is open (taking new guests, perhaps locked after too many wrong PINs), expired (no new guest;
 * transfers already running go on) or cancelled (everything stops). Only an open session has an event feed:
 * the server answers an ended one with 410 and ends its stream. Cancelled is final: whatever arrives late
 * (a snapshot polled before the cancel, the countdown running out, a PIN reset's answer) changes nothing.
 */
import type { OwnerSessionView } from '../../../shared/api/p2p.ts';

export type SessionEnd = 'cancelled' | 'expired';

/** The owner's live event feed: connecting, live, reconnecting (polling), or offline (logged out, gone). */
export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export type OwnerState =
  /** No session on the page yet (the share page before a share is made). */
  | { kind: 'none' }
  | { kind: 'open'; pin: string; locked: boolean; feed: FeedState }
  | { kind: 'expired'; pin: string }
  | { kind: 'cancelled'; pin: string };

export type OwnerStateEvent =
  /** The page shows a session (first load, or a share just made). */
  | { type: 'opened'; status: OwnerSessionView['status']; pin: string }
  /** The server's view of the session (a snapshot from the feed or a poll). */
  | { type: 'snapshot'; status: OwnerSessionView['status']; pin: string }
  | { type: 'pin-reset'; pin: string }
  /** Ended: told by the server, by this page's cancel button, or by the countdown. */
  | { type: 'ended'; reason: SessionEnd }
  | { type: 'feed'; feed: FeedState };

export const NO_SESSION: OwnerState = { kind: 'none' };

function fromStatus(status: OwnerSessionView['status'], pin: string, feed: FeedState): OwnerState {
  switch (status) {
    case 'cancelled':
    case 'expired':
      return { kind: status, pin };
    default:
      return { kind: 'open', pin, locked: status === 'locked', feed };
  }
}

export function ownerTransition(state: OwnerState, event: OwnerStateEvent): OwnerState {
  if (event.type === 'opened') return fromStatus(event.status, event.pin, 'connecting');
  switch (state.kind) {
    case 'none':
    case 'cancelled':
      return state;
    case 'expired':
      switch (event.type) {
        case 'ended':
          return event.reason === 'cancelled' ? { kind: 'cancelled', pin: state.pin } : state;
        case 'snapshot':
          // The server may still say "active" for a moment after this page's countdown ran out.
          return event.status === 'cancelled' ? { kind: 'cancelled', pin: event.pin } : state;
        default:
          return state;
      }
    case 'open':
      switch (event.type) {
        case 'ended':
          return fromStatus(event.reason, state.pin, state.feed);
        case 'snapshot': {
          const next = fromStatus(event.status, event.pin, state.feed);
          return sameOpen(state, next) ? state : next;
        }
        case 'pin-reset':
          return { ...state, pin: event.pin, locked: false };
        case 'feed':
          return event.feed === state.feed ? state : { ...state, feed: event.feed };
      }
  }
}

function sameOpen(a: OwnerState & { kind: 'open' }, b: OwnerState): boolean {
  return b.kind === 'open' && a.pin === b.pin && a.locked === b.locked && a.feed === b.feed;
}

/** The status word of the badge: the session's status as this page knows it. */
export function shownStatus(state: OwnerState): OwnerSessionView['status'] | null {
  switch (state.kind) {
    case 'none':
      return null;
    case 'open':
      return state.locked ? 'locked' : 'active';
    default:
      return state.kind;
  }
}

/** How the session ended, or null while it is open (or there is none). */
export function endOf(state: OwnerState): SessionEnd | null {
  return state.kind === 'expired' || state.kind === 'cancelled' ? state.kind : null;
}
