/**
 * What one guest may send into the owner's browser in a receive session (chosen by the owner at creation):
 * the sentence both pages show, and the check the guest's page makes before sending and the owner's page
 * makes when a guest's list of files arrives (and the server when a guest reports them), each in the words
 * it is given (the guest's language on the guest's page, English elsewhere).
 */

import type { GuestLimits } from './api/p2p.ts';
import type { Words } from './i18n/catalogue.ts';
import { formatSize, joinList } from './i18n/format.ts';

export const hasLimits = (l: GuestLimits): boolean => l.maxFiles !== null || l.maxTotalBytes !== null;

/**
 * "You can send at most 20 files, 2.0 GiB in total." (empty when there is no limit); `lead` 'linkLetsYou'
 * says "This link lets you send …".
 */
export function limitsSentence(l: GuestLimits, w: Words, lead: 'youCan' | 'linkLetsYou' = 'youCan'): string {
  const parts = [
    l.maxFiles !== null ? w.t('limits.atMostFiles', { count: l.maxFiles }) : null,
    l.maxTotalBytes !== null ? w.t('limits.inTotal', { size: formatSize(w, l.maxTotalBytes) }) : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return '';
  const what = joinList(w, parts);
  if (l.maxFiles === null) return w.t(lead === 'youCan' ? 'limits.youCanUpTo' : 'limits.linkLetsYouUpTo', { what });
  return w.t(lead === 'youCan' ? 'limits.youCan' : 'limits.linkLetsYou', { what });
}

/** Why these files do not fit the limits, or null when they do. */
export function overLimits(l: GuestLimits, files: readonly { size: number }[], w: Words): string | null {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (l.maxFiles !== null && files.length > l.maxFiles)
    return w.t('limits.overFiles', { count: files.length, max: l.maxFiles });
  if (l.maxTotalBytes !== null && total > l.maxTotalBytes)
    return w.t('limits.overBytes', { size: formatSize(w, total), max: formatSize(w, l.maxTotalBytes) });
  return null;
}
