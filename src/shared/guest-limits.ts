/**
 * What one guest may send into the owner's browser in a receive session (chosen by the owner at creation):
 * the sentence both pages show, and the check the guest's page makes before sending and the owner's page
 * makes when a guest's list of files arrives.
 */

import type { GuestLimits } from './api/p2p.ts';
import { formatBytes } from './format-bytes.ts';

export const hasLimits = (l: GuestLimits): boolean => l.maxFiles !== null || l.maxTotalBytes !== null;

/** "You can send at most 20 files, 2.0 GiB in total." (empty when there is no limit). */
export function limitsSentence(l: GuestLimits, who = 'You can'): string {
  const parts = [
    l.maxFiles !== null ? `at most ${l.maxFiles} ${l.maxFiles === 1 ? 'file' : 'files'}` : null,
    l.maxTotalBytes !== null ? `${formatBytes(l.maxTotalBytes)} in total` : null,
  ].filter(Boolean);
  if (parts.length === 0) return '';
  return `${who} send ${l.maxFiles === null ? 'up to ' : ''}${parts.join(', ')}.`;
}

/** Why these files do not fit the limits, or null when they do. */
export function overLimits(l: GuestLimits, files: readonly { size: number }[]): string | null {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (l.maxFiles !== null && files.length > l.maxFiles)
    return `That is ${files.length} files; this link accepts at most ${l.maxFiles} from one guest.`;
  if (l.maxTotalBytes !== null && total > l.maxTotalBytes)
    return `That is ${formatBytes(total)}; this link accepts at most ${formatBytes(l.maxTotalBytes)} from one guest.`;
  return null;
}
