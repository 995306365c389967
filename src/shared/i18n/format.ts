/**
 * Sizes, durations and times of day in a page's language: the numbers through `Intl`, the words and their
 * order from the catalogue. Used by the server's views and the page scripts alike.
 */
import { byteParts } from '../format-bytes.ts';
import type { Words } from './catalogue.ts';

/** "3.4 MiB", "3,4 MiB", … */
export function formatSize(w: Words, bytes: number): string {
  const { value, decimals, unit } = byteParts(bytes);
  const number = new Intl.NumberFormat(w.language, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  }).format(value);
  return w.t('size.value', { value: number, unit: w.t(`size.unit.${unit}`) });
}

/** "23 h 59 min", "4 min 10 s", "12 s", or null once `ms` is past. */
export function formatRemaining(w: Words, ms: number): string | null {
  if (ms <= 0) return null;
  return formatSeconds(w, Math.floor(ms / 1000), true);
}

/** A time left as the progress line says it ("4 min 10 s"); "…" when it cannot be told. */
export function formatEta(w: Words, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  return formatSeconds(w, Math.ceil(seconds), false);
}

function formatSeconds(w: Words, total: number, padSeconds: boolean): string {
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return w.t('time.days', { d, h });
  if (h > 0) return w.t('time.hours', { h, m });
  if (m > 0) return w.t('time.minutes', { m, s: padSeconds ? twoDigits(w, s) : s });
  return w.t('time.seconds', { s });
}

function twoDigits(w: Words, n: number): string {
  return new Intl.NumberFormat(w.language, { minimumIntegerDigits: 2 }).format(n);
}

/** The time of day, with the date when it is not today ("14:05", "3 Dec 14:05"). */
export function formatClock(w: Words, iso: string | Date, now = new Date()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(w.language, {
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
  }).format(d);
}

/** Items joined as the language lists them ("a, b"). */
export function joinList(w: Words, items: readonly string[]): string {
  return items.join(w.t('list.separator'));
}
