/**
 * What both guest pages have in common (the guest's "Send files" page of a receive session and the guest's
 * download page of a share): the expiry line, the multi-line warning box, the page-wide "link gone" alert,
 * a watch for a cancel, expiry or lock while the page is open, and telling the server what arrived.
 */
import { ApiError, api } from './api.ts';
import { h, replace, setText } from './dom.ts';
import { formatClock, formatRemaining, plural } from './format.ts';
import { $ } from './page.ts';
import type { PinGate } from './pin-gate.ts';
import { reportServer } from './server-reach.ts';
import { isUnreachable, retryUntilLanded } from './server-retry.ts';

/** Keeps `#expiry-line` saying how long the link stays valid. */
export function followExpiry(expiresAt: string): void {
  const render = () => {
    const left = formatRemaining(new Date(expiresAt).getTime() - Date.now());
    setText(
      $('#expiry-line'),
      left ? `Link valid for ${left} more (until ${formatClock(expiresAt)})` : 'This link has expired.',
    );
  };
  render();
  setInterval(render, 15_000);
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

/** The page-wide alert (`#fatal`) that says why the page cannot go on. */
export function showFatal(box: HTMLElement, title: string, text: string): void {
  replace(box, h('strong', { class: 'alert__title' }, title), h('span', {}, text));
  box.hidden = false;
  box.focus();
}

/**
 * 404 / 410 from any call: the link is gone. Expired and unknown links read the same in both directions;
 * a cancel is the page's to explain (`onCancelled`). Returns false for other errors.
 */
export function linkGone(
  error: ApiError,
  ownerName: string,
  fatal: (title: string, text: string) => void,
  onCancelled: () => void,
): boolean {
  if (error.status === 410 && error.code === 'CANCELLED') {
    onCancelled();
    return true;
  }
  if (error.status === 410) {
    fatal('This link has expired', `Ask ${ownerName} for a new link.`);
    return true;
  }
  if (error.status === 404) {
    fatal("This link doesn't exist anymore", `Ask ${ownerName} for a new link.`);
    return true;
  }
  return false;
}

export interface LinkWatchOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  gate: PinGate;
  /** The page has come to its end (nothing left to watch). */
  finished(): boolean;
  /** The running transfer, if any: a link that expires during it still lets it finish. */
  transfer(): { readonly isFinished: boolean } | null;
  onGone(error: ApiError): void;
}

/**
 * Notices a cancel or expiry (and a lock of the link) while the guest is on the page, every 5 seconds.
 * Returns the check, for a look right now.
 */
export function watchLink(o: LinkWatchOptions): () => Promise<void> {
  const check = async () => {
    if (o.finished()) return;
    try {
      const s = await api<{ isLocked: boolean }>('GET', o.sessionUrl);
      reportServer('api', true);
      if (!o.gate.ticket && s.isLocked && !o.gate.blocked) o.gate.showLocked(null, 'unknown');
    } catch (e) {
      reportServer('api', !isUnreachable(e));
      if (!(e instanceof ApiError) || isUnreachable(e)) return;
      const t = o.transfer();
      if (e.status === 410 && e.code !== 'CANCELLED' && t && !t.isFinished) return;
      o.onGone(e);
    }
  };
  setInterval(() => void check(), 5000);
  return check;
}

/** For the finished view: how many of `total` files the SHA-256 check caught damaged and had sent again ('' for none). */
export function mendedNote(count: number, total: number): string {
  if (!count) return '';
  const which = total === 1 ? 'It' : plural(count, 'file');
  return ` ${which} arrived damaged at first and ${count === 1 ? 'was' : 'were'} sent again automatically.`;
}

/**
 * Tells the server what arrived (`<sessionUrl>/complete`), trying again until it lands: the server may be
 * restarting while the files already arrived. A refusal (the link ended meanwhile) ends the tries: the
 * files are there all the same.
 */
export async function reportArrived(
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
