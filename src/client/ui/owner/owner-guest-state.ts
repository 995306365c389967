/**
 * The state of one guest's card on an owner's page, and the one function that changes it. DOM-free: the card
 * renders it, Node unit tests drive it (test/unit/pages/owner-guest-state.test.ts).
 *
 * A guest is dialed (connecting, or unreachable after failures), then their files move (`moving`: receiving
 * on a receive session, sending on a share), perhaps reconnecting after a drop, and end done, failed,
 * cancelled or stopped. A revoked guest (removed, refused, or asked for the new PIN) stays so: nothing that
 * arrives afterwards (a dropped connection, a late error, a progress note) changes what their card says.
 */
import type { RevokeReason } from '../../../shared/api/p2p.ts';

export type GuestPhase =
  /** Entered the PIN; not dialed yet. */
  | 'verified'
  /** A share whose files this page no longer holds: waits for the owner to choose them again. */
  | 'no-files'
  | 'connecting'
  | 'unreachable'
  | 'moving'
  | 'reconnecting'
  | 'done'
  /** Finished in an earlier page load. */
  | 'earlier'
  | 'failed'
  | 'cancelled'
  /** The guest stopped downloading. */
  | 'stopped'
  | 'removed'
  | 'refused'
  | 'revoked';

export interface GuestCardState {
  phase: GuestPhase;
  /** The card's line of text; null: the phase's own words. */
  text: string | null;
  /** Their ticket was taken back: the card says so for good. */
  revoked: boolean;
}

export type GuestCardEvent =
  /** A dial starts or failed again (`unreachable` after two failures in a row). */
  | { type: 'dialing'; unreachable: boolean }
  /** Connected, a manifest arrived or the transfer resumed: files are moving. */
  | { type: 'moving'; text?: string }
  /** The connection dropped and will be dialed again. */
  | { type: 'dropped' }
  /** Only the line of text changes (progress, paused, resumed). */
  | { type: 'note'; text: string }
  | { type: 'done'; text?: string }
  | { type: 'earlier'; text?: string }
  | { type: 'no-files' }
  | { type: 'failed'; text?: string }
  | { type: 'cancelled'; text?: string }
  | { type: 'stopped' }
  /** The guest registered a new peer id: a guest given up on is dialed again. */
  | { type: 'new-peer' }
  /** The ticket was taken back; `keep`: the card keeps what it says (a finished guest after a new PIN). */
  | { type: 'revoked'; phase: 'removed' | 'refused' | 'revoked'; text?: string; keep: boolean };

/** What a revoked guest's card shows for each reason, on each kind of session. */
export type RevokedPhases = Record<RevokeReason, 'removed' | 'refused' | 'revoked'>;

export const FIRST_GUEST_STATE: GuestCardState = { phase: 'verified', text: null, revoked: false };

/** Phases after which a transfer error or cancel is late news (the card already says how it ended). */
const ENDED: ReadonlySet<GuestPhase> = new Set(['done', 'earlier', 'failed', 'cancelled', 'stopped']);
/** Phases in which a dropped connection means "reconnecting". */
const LIVE: ReadonlySet<GuestPhase> = new Set(['connecting', 'unreachable', 'moving', 'reconnecting']);

function at(phase: GuestPhase, text?: string): GuestCardState {
  return { phase, text: text ?? null, revoked: false };
}

export function guestTransition(state: GuestCardState, event: GuestCardEvent): GuestCardState {
  if (state.revoked) return state;
  switch (event.type) {
    case 'revoked':
      return event.keep ? { ...state, revoked: true } : { phase: event.phase, text: event.text ?? null, revoked: true };
    case 'dialing':
      // A reconnect keeps its words while it dials.
      if (state.phase === 'reconnecting') return state;
      return at(event.unreachable ? 'unreachable' : 'connecting');
    case 'moving':
      return at('moving', event.text);
    case 'dropped':
      return LIVE.has(state.phase) ? at('reconnecting') : state;
    case 'note':
      return { ...state, text: event.text };
    case 'done':
      return at('done', event.text);
    case 'earlier':
      return at('earlier', event.text);
    case 'no-files':
      return at('no-files');
    case 'failed':
    case 'cancelled':
      return ENDED.has(state.phase) ? state : at(event.type, event.text);
    case 'stopped':
      return ENDED.has(state.phase) ? state : at('stopped');
    case 'new-peer':
      return state.phase === 'failed' ? at('connecting') : state;
  }
}
