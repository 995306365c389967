/**
 * What both owner pages show alike (the owner's page of a receive session and of a share): the screen-reader
 * announcer, the session's status words and badge, and how each phase of a guest's card looks.
 */
import type { OwnerSessionView } from '../../../shared/api/p2p.ts';
import { SHARE_CARD_IDS } from '../../../shared/element-ids/owner-pages.ts';
import { STATUS_WORDS } from '../../../shared/session-status-words.ts';
import { setText } from '../dom.ts';
import { elementsById } from '../element-by-id.ts';
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

/** The large status badge at the top of the page. */
export function showStatusBadge(badge: HTMLElement, status: OwnerSessionView['status']): void {
  setText(badge, STATUS_WORDS[status]);
  badge.className = `badge badge--large ${status === 'active' ? 'badge--live' : 'badge--bad'}`;
}

/** What one kind of session says of a guest's phases, where the two kinds differ. */
export interface GuestWords {
  /** Said while the guest is not dialed yet. */
  verified: string;
  unreachable: string;
  /** The badge and words while files move, and its `data-phase` name ("receiving", "sending"). */
  moving: { badge: string; text: string; name: string };
  done: string;
  failed: string;
  earlier: string;
  /** A share whose files this page no longer holds. */
  noFiles?: PhaseLook;
  /** The guest stopped the transfer. */
  stopped?: string;
}

/** How each phase of a guest's card looks on one kind of session. */
export function guestLooks(words: GuestWords): Record<GuestPhase, PhaseLook> {
  const verified = { badge: 'PIN verified', cls: '', text: words.verified };
  return {
    verified,
    'no-files': words.noFiles ?? verified,
    connecting: { badge: 'Connecting', cls: 'badge--live', text: 'Connecting to their device…' },
    unreachable: { badge: 'Not reachable', cls: 'badge--warn', text: words.unreachable },
    moving: { ...words.moving, cls: 'badge--live' },
    reconnecting: {
      badge: 'Reconnecting',
      cls: 'badge--warn',
      text: 'The connection dropped; reconnecting and resuming where it stopped…',
    },
    done: { badge: 'Done', cls: 'badge--ok', text: words.done },
    earlier: { badge: 'Done', cls: 'badge--ok', text: words.earlier },
    failed: { badge: 'Failed', cls: 'badge--bad', text: words.failed },
    cancelled: { badge: 'Cancelled', cls: 'badge--bad', text: 'Cancelled.' },
    stopped: { badge: 'Stopped', cls: 'badge--bad', text: words.stopped ?? 'Stopped.' },
    removed: { badge: 'Removed', cls: 'badge--bad', text: REVOKED_TEXT.removed },
    refused: { badge: 'Refused', cls: 'badge--bad', text: REVOKED_TEXT['over-limit'] },
    revoked: { badge: 'PIN changed', cls: 'badge--warn', text: REVOKED_TEXT['pin-reset'] },
  };
}
