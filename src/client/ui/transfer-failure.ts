/**
 * What a page says when a transfer fails: its own words for each error code. The other side's text (the
 * `message` of an `error` it sent, up to 2,000 characters of anything: line breaks, "log in again at http://…")
 * is never shown as if the page said it; it goes to the console only, shortened, marked as the other side's.
 */
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { TransferError, TransferErrorCode } from '../engine/errors.ts';

/** How much of the other side's text the console gets. */
const PEER_TEXT_CHARS = 120;

/** The sentence for a failed transfer; `other` names the other side ("the guest", "Ann"). Logs the other side's text. */
export function transferFailure(error: TransferError, other: string): string {
  logPeerText(error, other);
  return failureSentence(error, other);
}

/** The other side's own text of `error`, if it sent one, to the console (shortened, marked as theirs). */
export function logPeerText(error: TransferError, other: string): void {
  if (error.fromPeer)
    console.warn(`${other}'s device reported (its own text, not shown): ${JSON.stringify(peerText(error.message))}`);
}

/** The page's sentence for an error `code` (told by the other side when `fromPeer`). Pure: it logs nothing. */
export function failureSentence(error: { code: TransferErrorCode; fromPeer: boolean }, other: string): string {
  const sentence = ownWords(error, other);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function ownWords(error: { code: TransferErrorCode; fromPeer: boolean }, other: string): string {
  switch (error.code) {
    case 'storage-full':
      return error.fromPeer
        ? `${other}'s device has no space left for these files.`
        : 'This device has no space left for these files.';
    case 'storage':
      return error.fromPeer
        ? `${other}'s device could not store the files.`
        : 'This browser could not store the files.';
    case 'version':
      return 'The two pages run different versions of the app. Reload both pages and try again.';
    case 'protocol':
      return error.fromPeer
        ? `${other}'s device stopped the transfer: it reported a fault in what it received.`
        : `${other}'s device sent something this page does not accept, so the transfer was stopped.`;
    case 'digest-mismatch':
      return 'A file arrived damaged several times and was given up.';
    case 'peer-gone':
      return `${other}'s device disconnected and did not come back.`;
    case 'cancelled':
      return 'The transfer was stopped.';
    default:
      return error.fromPeer
        ? `${other}'s device stopped the transfer with an error.`
        : 'The transfer stopped on an unexpected error in this page.';
  }
}

/** The other side's text, one line, at most PEER_TEXT_CHARS characters. */
export function peerText(text: string): string {
  const line = cleanDisplayText(text);
  return line.length > PEER_TEXT_CHARS ? `${line.slice(0, PEER_TEXT_CHARS - 1)}…` : line;
}
