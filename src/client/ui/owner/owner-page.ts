/**
 * What both owner pages show alike (the owner's page of a receive session and of a share): the screen-reader
 * announcer, the session's status words and badge, and how each phase of a guest's card looks.
 */
import type { OwnerSessionView } from '../../../shared/api/p2p.ts';
import { SHARE_CARD_IDS } from '../../../shared/element-ids/owner-pages.ts';
import { setText } from '../dom.ts';
import { elementsById } from '../element-by-id.ts';
import { ownerT } from '../words.ts';
import { revokedText } from './guest-removal.ts';
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

/** The large status badge at the top of the page ("Active", "Locked: too many wrong PINs"). */
export function showStatusBadge(badge: HTMLElement, status: OwnerSessionView['status']): void {
  setText(badge, ownerT(`owner.status.${status}`));
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
  const verified = { badge: ownerT('owner.phase.verified'), cls: '', text: words.verified };
  return {
    verified,
    'no-files': words.noFiles ?? verified,
    connecting: {
      badge: ownerT('owner.phase.connecting'),
      cls: 'badge--live',
      text: ownerT('owner.phase.connectingText'),
    },
    unreachable: { badge: ownerT('owner.phase.unreachable'), cls: 'badge--warn', text: words.unreachable },
    moving: { ...words.moving, cls: 'badge--live' },
    reconnecting: {
      badge: ownerT('owner.phase.reconnecting'),
      cls: 'badge--warn',
      text: ownerT('owner.phase.reconnectingText'),
    },
    done: { badge: ownerT('owner.phase.done'), cls: 'badge--ok', text: words.done },
    earlier: { badge: ownerT('owner.phase.done'), cls: 'badge--ok', text: words.earlier },
    failed: { badge: ownerT('owner.phase.failed'), cls: 'badge--bad', text: words.failed },
    cancelled: { badge: ownerT('owner.phase.cancelled'), cls: 'badge--bad', text: ownerT('owner.phase.cancelledText') },
    stopped: {
      badge: ownerT('owner.phase.stopped'),
      cls: 'badge--bad',
      text: words.stopped ?? ownerT('owner.phase.stoppedText'),
    },
    removed: { badge: ownerT('owner.phase.removed'), cls: 'badge--bad', text: revokedText('removed') },
    refused: { badge: ownerT('owner.phase.refused'), cls: 'badge--bad', text: revokedText('over-limit') },
    revoked: { badge: ownerT('owner.phase.pinChanged'), cls: 'badge--warn', text: revokedText('pin-reset') },
  };
}
