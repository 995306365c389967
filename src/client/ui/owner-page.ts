/**
 * What both owner pages show alike (the owner's page of a receive session and of a share): the screen-reader
 * announcer, the session's status words and badge, and how each phase of a guest's card looks.
 */
import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { SHARE_CARD_IDS } from '../../shared/element-ids/owner-pages.ts';
import { setText } from './dom.ts';
import { elementsById } from './element-by-id.ts';
import { REVOKED_TEXT } from './guest-removal.ts';
import type { PhaseLook } from './owner-guest-card.ts';
import type { GuestPhase } from './owner-guest-state.ts';

const byId = elementsById(SHARE_CARD_IDS);

/** Say `text` through the page's polite live region. */
export function announce(text: string): void {
  const announcer = byId('announcer');
  announcer.textContent = '';
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

export const STATUS_WORDS: Record<OwnerSessionView['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
  locked: 'Locked: too many wrong PINs',
};

/** The large status badge at the top of the page. */
export function showStatusBadge(badge: HTMLElement, status: OwnerSessionView['status']): void {
  setText(badge, STATUS_WORDS[status]);
  badge.className = `badge badge--large ${status === 'active' ? 'badge--live' : 'badge--bad'}`;
}

/** The looks both kinds of session give a phase alike; the rest comes from `own`. */
export function guestLooks(
  own: Pick<Record<GuestPhase, PhaseLook>, 'verified' | 'moving' | 'done' | 'failed' | 'earlier'> &
    Partial<Record<GuestPhase, PhaseLook>> & { unreachableText: string },
): Record<GuestPhase, PhaseLook> {
  const { unreachableText, ...looks } = own;
  return {
    'no-files': looks.verified,
    stopped: looks.failed,
    connecting: { badge: 'Connecting', cls: 'badge--live', text: 'Connecting to their device…' },
    unreachable: { badge: 'Not reachable', cls: 'badge--warn', text: unreachableText },
    reconnecting: {
      badge: 'Reconnecting',
      cls: 'badge--warn',
      text: 'The connection dropped; reconnecting and resuming where it stopped…',
    },
    cancelled: { badge: 'Cancelled', cls: 'badge--bad', text: 'Cancelled.' },
    removed: { badge: 'Removed', cls: 'badge--bad', text: REVOKED_TEXT.removed },
    refused: { badge: 'Refused', cls: 'badge--bad', text: REVOKED_TEXT['over-limit'] },
    revoked: { badge: 'PIN changed', cls: 'badge--warn', text: REVOKED_TEXT['pin-reset'] },
    ...looks,
  };
}
