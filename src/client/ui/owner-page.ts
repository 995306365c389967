/**
 * What both owner pages share (the waiting page of a receive session, the send page of a share): the
 * screen-reader announcer, the session's status words and badge, the share card's elements, the live
 * status of the event feed, and the card that shows one guest (heading, phase badge, text, progress).
 */
import type { GuestView, OwnerSessionView } from '../../shared/api/p2p.ts';
import type { ApiError } from './api.ts';
import { h, setText } from './dom.ts';
import { formatClock } from './format.ts';
import { $, showError } from './page.ts';
import { ProgressView } from './progress.ts';
import type { ShareCardElements } from './share-controls.ts';

/** Say `text` through the page's polite live region (`#announcer`). */
export function announce(text: string): void {
  const announcer = $('#announcer');
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = text), 50);
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

/** The share card's elements, by the ids the share card partial gives them; `cancelId` names its cancel button. */
export function shareCardElements(cancelId: string): ShareCardElements {
  return {
    qr: $('#qr'),
    url: $('#share-url') as HTMLInputElement,
    copy: $('#copy-url') as HTMLButtonElement,
    copyStatus: $('#copy-status'),
    pin: $('#pin'),
    expiry: $('#expiry-text'),
    resetPin: $('#reset-pin') as HTMLButtonElement,
    cancel: $(`#${cancelId}`) as HTMLButtonElement,
    confirm: $('#cancel-confirm'),
    confirmYes: $('#cancel-yes') as HTMLButtonElement,
    confirmNo: $('#cancel-no') as HTMLButtonElement,
    error: $('#share-error'),
    notifications: $('#enable-notifications') as HTMLButtonElement,
  };
}

/** The event feed's dot (`#live-status`): live, or reconnecting. */
export function showLive(live: boolean): void {
  const el = $('#live-status');
  setText(el, live ? 'Live' : 'Reconnecting…');
  el.classList.toggle('live-dot--off', !live);
}

/** The event feed ended for good (logged out, or the session is gone); `doing` is "receiving" or "sharing". */
export function showFeedGone(error: ApiError, doing: string): void {
  setText($('#live-status'), 'Offline');
  showError(
    $('#share-error'),
    error.status === 401 ? `You were logged out. Log in again to keep ${doing}.` : error.message,
  );
}

export interface PhaseLook {
  badge: string;
  cls: string;
  text: string;
}

/** The phases of dialing a guest, the same on both pages but for what "not reachable" says. */
export function dialPhases(unreachable: string): Record<'connecting' | 'unreachable' | 'reconnecting', PhaseLook> {
  return {
    connecting: { badge: 'Connecting', cls: 'badge--live', text: 'Connecting to their device…' },
    unreachable: { badge: 'Not reachable', cls: 'badge--warn', text: unreachable },
    reconnecting: {
      badge: 'Reconnecting',
      cls: 'badge--warn',
      text: 'The connection dropped; reconnecting and resuming where it stopped…',
    },
  };
}

/**
 * One guest's card: "<heading>", where from and when the PIN was entered, a badge for the phase, a line of
 * text, an overall progress bar (hidden at first) and `below` (what the page adds).
 */
export class GuestCardView<P extends string> {
  readonly element: HTMLLIElement;
  readonly progress: ProgressView;
  readonly #badge = h('span', { class: 'badge' });
  readonly #text = h('p', { class: 'guest-card__text' });
  readonly #row: HTMLElement;
  #phase: P;

  constructor(
    guest: GuestView,
    heading: string,
    progressLabel: string,
    below: HTMLElement,
    private readonly phases: Record<P, PhaseLook>,
    first: P,
  ) {
    this.progress = new ProgressView(progressLabel);
    this.progress.element.hidden = true;
    this.#row = h(
      'div',
      { class: 'list__row' },
      h('strong', {}, heading),
      h('span', { class: 'meta' }, `from ${guest.clientAddress} · PIN entered ${formatClock(guest.verifiedAt)}`),
      this.#badge,
    );
    this.element = h(
      'li',
      { class: 'list__item guest-card', 'data-guest-id': guest.id },
      this.#row,
      this.#text,
      this.progress.element,
      below,
    );
    this.#phase = first;
    this.setPhase(first);
  }

  /** Puts a control (e.g. "Remove") at the end of the card's first row. */
  addAction(element: HTMLElement): void {
    this.#row.appendChild(element);
  }

  get phase(): P {
    return this.#phase;
  }

  setPhase(phase: P, text?: string): void {
    this.#phase = phase;
    const look = this.phases[phase];
    setText(this.#badge, look.badge);
    this.#badge.className = `badge ${look.cls}`;
    this.element.dataset.phase = phase;
    setText(this.#text, text ?? look.text);
  }

  /** Only the line of text changes. */
  say(text: string): void {
    setText(this.#text, text);
  }

  /** A dial is starting (or failed again): "Connecting", or "Not reachable" after failures; a reconnect keeps its words. */
  showDialing(unreachable: boolean): void {
    if (this.#phase !== 'reconnecting') this.setPhase((unreachable ? 'unreachable' : 'connecting') as P);
  }
}
