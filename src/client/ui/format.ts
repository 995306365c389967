/** Human wording for times and amounts shown on the pages, in the page's language. */
import {
  formatClock as clockIn,
  formatEta as etaIn,
  formatSize,
  formatRemaining as remainingIn,
} from '../../shared/i18n/format.ts';
import { t, words } from './words.ts';

/** "3.4 MiB" (a comma in German, Spanish …). */
export function formatBytes(n: number): string {
  return formatSize(words(), n);
}

export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? t('size.speed', { size: formatBytes(Math.round(bytesPerSecond)) }) : '—';
}

/** "4 min 10 s" left; "…" when it cannot be told. */
export function formatEta(seconds: number | null): string {
  return etaIn(words(), seconds);
}

/** "23 h 59 min", "4 min 10 s", or null once it is past. */
export function formatRemaining(ms: number): string | null {
  return remainingIn(words(), ms);
}

export function formatClock(iso: string | Date): string {
  return clockIn(words(), iso);
}

/** "1 file", "3 files", in the page's language. */
export function fileCount(count: number): string {
  return t('files.count', { count });
}
