/**
 * What both guest pages have in common around the transfer (the guest's page of a receive session and of a
 * share): the expiry line, the multi-line warning box, the page-wide alert, a watch for a cancel, expiry or
 * lock while the page is open, and telling the server what arrived.
 */
import { languageSwitchIds } from '../../../shared/element-ids/language-switch.ts';
import { ApiError, api } from '../api.ts';
import { h, replace, setText } from '../dom.ts';
import { formatClock, formatRemaining } from '../format.ts';
import { reportServer } from '../server-reach.ts';
import { isUnreachable, retryUntilLanded } from '../server-retry.ts';
import { t } from '../words.ts';
import { guestElement } from './guest-elements.ts';
import type { PinGate } from './pin-gate.ts';

/** Keeps the expiry line saying how long the link stays valid. */
export function followExpiry(expiresAt: string): void {
  const line = guestElement('expiryLine');
  const render = () => {
    const left = formatRemaining(new Date(expiresAt).getTime() - Date.now());
    setText(line, left ? t('expiry.validFor', { left, time: formatClock(expiresAt) }) : t('expiry.expired'));
  };
  render();
  setInterval(render, 15_000);
}

/**
 * Choosing another language reloads the page, which would cut files off mid-way (a receive guest's choice of
 * files cannot survive it): the picker rests while files move, and works again before and after.
 */
export function holdLanguageChoice(moving: boolean): void {
  for (const id of [languageSwitchIds.select, languageSwitchIds.submit]) {
    const control = document.getElementById(id) as HTMLSelectElement | HTMLButtonElement | null;
    if (control) control.disabled = moving;
  }
}

/** A warning box: multi-line text, its first line the headline; null hides it. */
export function showWarning(box: HTMLElement, text: string | null): void {
  box.hidden = text === null;
  if (text !== null)
    replace(
      box,
      ...text
        .split('\n')
        .map((line, i) => (i === 0 ? h('strong', {}, line) : h('span', { class: 'alert__line' }, line))),
    );
}

/** The page-wide alert that says why the page cannot go on. */
export function showFatal(box: HTMLElement, title: string, text: string): void {
  replace(box, h('strong', { class: 'alert__title' }, title), h('span', {}, text));
  box.hidden = false;
  box.focus();
}

export interface SessionWatchOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  gate: PinGate;
  /** The page has come to its end (nothing left to watch). */
  settled(): boolean;
  /** A 404 / 410 answer: the link is gone (or, for a running transfer, merely expired). */
  onGone(error: ApiError): void;
}

/**
 * Notices a cancel or expiry (and a lock of the link) while the guest is on the page, every 5 seconds.
 * Returns the check, for a look right now.
 */
export function watchSession(o: SessionWatchOptions): () => Promise<void> {
  const check = async () => {
    if (o.settled()) return;
    try {
      const s = await api<{ isLocked: boolean }>('GET', o.sessionUrl);
      reportServer('api', true);
      if (!o.gate.ticket && s.isLocked && !o.gate.blocked) o.gate.showLocked(null, 'unknown');
    } catch (e) {
      reportServer('api', !isUnreachable(e));
      if (e instanceof ApiError && !isUnreachable(e)) o.onGone(e);
    }
  };
  setInterval(() => void check(), 5000);
  return check;
}

/**
 * Tells the server what arrived (`<sessionUrl>/complete`), trying again until it lands: the server may be
 * restarting while the files already arrived. A refusal (the link ended meanwhile) ends the tries: the
 * files are there all the same, so the page has nothing to do about it either way.
 */
export async function reportCompleted(
  sessionUrl: string,
  ticket: string | null,
  files: readonly { name: string; size: number; type: string; sha256?: string }[],
): Promise<void> {
  if (!ticket) return;
  const body = {
    ticket,
    files: files.map((f) => ({ name: f.name, size: f.size, type: f.type, ...(f.sha256 ? { sha256: f.sha256 } : {}) })),
  };
  await retryUntilLanded(() => api('POST', `${sessionUrl}/complete`, body)).catch(() => undefined);
}
