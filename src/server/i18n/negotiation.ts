/**
 * Which language a page is in: the one the visitor chose on a page (the `phuppi_lang` cookie), else the best
 * shipped match of the browser's `Accept-Language` (q-values honoured, "de-AT" served by "de"), else English.
 */
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../../shared/i18n/catalogue.ts';

export const LANGUAGE_COOKIE = 'phuppi_lang';

/** The ranges of an Accept-Language header, best first (ties in the order given); q=0 ranges left out. */
export function acceptedRanges(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32) // a header is a few ranges; a stranger's thousands are not worth sorting
    .map((part, order) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
      const quality = q ? Number(q.slice(2)) : 1;
      return { range: range.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((r) => r.range !== '' && r.quality > 0 && r.quality <= 1)
    .sort((a, b) => b.quality - a.quality || a.order - b.order)
    .map((r) => r.range);
}

/** The shipped language that best serves `header`, or null when none of its ranges does. */
export function negotiateLanguage(header: string | undefined): Language | null {
  for (const range of acceptedRanges(header)) {
    if (range === '*') return DEFAULT_LANGUAGE;
    const primary = range.split('-')[0];
    const match = LANGUAGES.find((language) => language === primary);
    if (match) return match;
  }
  return null;
}

/** The language of a page for a request with this cookie value and Accept-Language header. */
export function pageLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(cookie)) return cookie;
  return negotiateLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}
