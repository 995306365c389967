/**
 * What a guest's page says, from its state: the status line, the warning box, the page-wide "cannot go on"
 * alert and each file's state, in the page's language (ui/words.ts). No DOM besides the page's messages, so Node
 * tests (handing in the English catalogue) read the words of every state. The two directions differ only in
 * the sentences of `GuestWords`; everything else is said the same way.
 */
import { isolate } from '../../../shared/isolate.ts';
import { failureSentence } from '../transfer-failure.ts';
import { t } from '../words.ts';
import type { Failure, FileRow, GuestState, PageEnd, ResultFile, Warning } from './guest-state.ts';
import { revokedNotice } from './revoked-notice.ts';

/** What differs between the two directions' sentences. */
export interface GuestWords {
  /** The owner's name as the page shows it ("Ann"). */
  owner: string;
  /** The owner's name in the connection tips (the sending page says "the receiver"). */
  ownerInTips: string;
  /** "Sending" / "Downloading": what the page does once connected. */
  doing: string;
  /** "transfer" / "download": what continues where it stopped. */
  what: string;
  /** After "Keep this page open: " while the owner's page is not open. */
  whenTheyOpen: string;
  /** How long the owner's device may take to connect before the page says their page seems closed. */
  longWaitMs: number;
  /** The overall progress bar's label. */
  overallLabel: string;
  /** The status line of a failed transfer. */
  failed(failure: Failure): string;
  /** The status line after the page ended mid-transfer, or null to leave the one before. */
  endedStatus(end: PageEnd): string | null;
  /** Title and text of the "cancelled" alert. */
  cancelled: { title: string; text: string };
  /** The server's sentence about a revoked ticket, as this page completes it. */
  revokedMessage(message: string): string;
  /** Each file's state, in this page's words (a failed file's words are shared). */
  file: FileWords;
  /** Said after "“name” arrived damaged" (how the page knows). */
  damagedHow: string;
  /** The status line once every file arrived (`mended`: sentence about files sent again). */
  doneStatus(result: readonly ResultFile[], mended: string): string;
}

export interface FileWords {
  waiting: string;
  moving: string;
  arrived: string;
  resending: string;
  skipped: string;
  cancelled(byOwner: boolean): string;
}

/** What to try when the two browsers cannot connect directly (first line is the headline). */
export function connectionTips(ownerName: string, lastLine = t('tips.keepsTrying')): string {
  return [t('tips.headline'), t('tips.wifi', { owner: ownerName }), t('tips.https'), t('tips.turn'), lastLine].join(
    '\n',
  );
}

/** The status line: what is happening now. */
export function statusText(state: GuestState, w: GuestWords): string {
  const owner = w.owner;
  switch (state.phase) {
    case 'pin':
      return '';
    case 'registering':
      return state.serverLost ? t('server.lostContact') : t('status.connecting', { owner });
    case 'waiting':
      if (state.serverLost) return t('server.lostContact');
      return state.longWait ? t('status.notOpen', { owner, when: w.whenTheyOpen }) : t('status.waiting', { owner });
    case 'connected':
      return state.resumed ? t('status.connectedAgain', { owner }) : t('status.connected', { owner, doing: w.doing });
    case 'reconnecting':
      if (state.serverLost) return t('server.lostContact');
      return t(state.longWait ? 'status.stillWaiting' : 'status.lost', { owner, what: w.what });
    case 'done':
      return w.doneStatus(state.result, mendedNote(mendedCount(state), state.result.length));
    case 'failed':
      return w.failed(state.failure);
    case 'ended':
      return w.endedStatus(state.end) ?? statusText(state.before, w);
  }
}

/** The warning box's text (first line the headline), or null for none. */
export function warningText(state: GuestState, w: GuestWords): string | null {
  if (state.phase === 'pin') return null;
  if (state.phase === 'ended') return warningText(state.before, w);
  if (state.phase === 'failed') {
    if (state.failure.kind === 'refused') return state.failure.text;
    if (state.failure.kind === 'owner-gone') return connectionTips(w.ownerInTips, t('tips.reload'));
  }
  // Once every file arrived, a damage that was mended is no longer a warning: the finished line says it.
  if (state.phase === 'done' && state.transfer.files.some((f) => f.mended)) return null;
  const warning = state.transfer.warning;
  return warning ? warningLine(warning, w) : null;
}

function warningLine(warning: Warning, w: GuestWords): string {
  switch (warning.kind) {
    case 'paused':
      return t('warning.paused', { message: warning.message });
    case 'damaged':
      return warning.recoverable
        ? t('warning.damaged', { name: isolate(warning.name), how: w.damagedHow })
        : t('warning.damagedSkipped', { name: isolate(warning.name) });
    case 'connection-tips':
      return connectionTips(w.ownerInTips);
  }
}

/** The page-wide alert of an ended page. */
export function endNotice(end: PageEnd, w: GuestWords): { title: string; text: string } {
  switch (end.kind) {
    case 'expired':
      return { title: t('end.expired.title'), text: t('end.expired.text', { owner: w.owner }) };
    case 'not-found':
      return { title: t('end.notFound.title'), text: t('end.notFound.text', { owner: w.owner }) };
    case 'cancelled':
      return w.cancelled;
    case 'revoked':
      return revokedNotice(end.reason, w.owner, w.revokedMessage(end.message));
    case 'ticket-refused':
      return revokedNotice('pin-reset', w.owner, '');
  }
}

/** One file's state, in words. */
export function fileStatusText(row: FileRow, w: GuestWords): string {
  const status = row.status;
  switch (status.kind) {
    case 'waiting':
      return w.file.waiting;
    case 'moving':
      return w.file.moving;
    case 'arrived':
      return w.file.arrived;
    case 'damaged':
      return status.recoverable ? w.file.resending : w.file.skipped;
    case 'cancelled':
      return w.file.cancelled(status.byOwner);
    case 'failed':
      return failureSentence(status.failure, w.owner);
  }
}

/** For the finished view: how many of `total` files the SHA-256 check caught damaged and had sent again ('' for none). */
export function mendedNote(count: number, total: number): string {
  if (!count) return '';
  return total === 1 ? t('mended.it') : t('mended.files', { count });
}

/** How many of the files that arrived had come damaged at first and were sent again. */
export function mendedCount(state: Extract<GuestState, { phase: 'done' }>): number {
  return state.result.filter((f) => f.ok && state.transfer.files[f.index]?.mended).length;
}

/** The files of `result` that arrived whole, and how many did not. */
export function arrived(result: readonly ResultFile[]): { ok: readonly ResultFile[]; missing: number } {
  const ok = result.filter((f) => f.ok);
  return { ok, missing: result.length - ok.length };
}
