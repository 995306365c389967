/**
 * What a page says when a transfer fails: its own words for each error code. The other side's text (the
 * `message` of an `error` it sent, up to 2,000 characters of anything: line breaks, "log in again at http://…")
 * is never shown as if the page said it; it goes to the console only, shortened, marked as the other side's.
 */

import type { BrowserKey } from '../../shared/i18n/catalogue.ts';
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { ProtocolFault, TransferError, TransferErrorCode } from '../engine/errors.ts';
import { t } from './words.ts';

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

/** What a page keeps of a failed transfer to word it (never the other side's text). */
export interface FailureWords {
  code: TransferErrorCode;
  fromPeer: boolean;
  /** What exactly this side found wrong, when it has words for it. */
  fault?: ProtocolFault | undefined;
}

/** A sentence for each fault this side found, more telling than the code's own. */
const FAULT_WORDS: Record<ProtocolFault, BrowserKey> = {
  'control-flood': 'failure.controlFlood',
  'list-order': 'failure.listOrder',
  'list-totals': 'failure.listTotals',
  'list-too-many': 'failure.listTooMany',
  'list-unfinished': 'failure.listUnfinished',
  overrun: 'failure.overrun',
};

/** The page's sentence for an error `code` (told by the other side when `fromPeer`). Pure: it logs nothing. */
export function failureSentence(error: FailureWords, other: string): string {
  const sentence = ownWords(error, other);
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function ownWords(error: FailureWords, other: string): string {
  const vars = { other };
  // Only what this side found itself: a peer cannot pick the sentence by what it sends.
  if (error.fault && !error.fromPeer) return t(FAULT_WORDS[error.fault], vars);
  switch (error.code) {
    case 'storage-full':
      return t(error.fromPeer ? 'failure.storageFullPeer' : 'failure.storageFull', vars);
    case 'storage':
      return t(error.fromPeer ? 'failure.storagePeer' : 'failure.storage', vars);
    case 'version':
      return t('failure.version');
    case 'protocol':
      return t(error.fromPeer ? 'failure.protocolPeer' : 'failure.protocol', vars);
    case 'digest-mismatch':
      return t('failure.digest');
    case 'peer-gone':
      return t('failure.peerGone', vars);
    case 'cancelled':
      return t('failure.cancelled');
    default:
      return t(error.fromPeer ? 'failure.errorPeer' : 'failure.error', vars);
  }
}

/** The other side's text, one line, at most PEER_TEXT_CHARS characters. */
export function peerText(text: string): string {
  const line = cleanDisplayText(text);
  return line.length > PEER_TEXT_CHARS ? `${line.slice(0, PEER_TEXT_CHARS - 1)}…` : line;
}
