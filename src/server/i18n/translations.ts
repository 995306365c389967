/**
 * The server's messages, through i18next: every shipped catalogue loaded once, plural forms picked by
 * `Intl.PluralRules`, numbers in `{{…}}` formatted by `Intl.NumberFormat` for the language. HTML escaping is
 * the views' job (their `html` tag escapes everything interpolated), so i18next's is off.
 */
import i18next from 'i18next';
import { type BrowserKey, LANGUAGES, type Language, type PageKey, type Words } from '../../shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../shared/i18n/catalogues.ts';

/** What a server-rendered page is given: its language and both parts of the catalogue. */
export type PageWords = Words<PageKey | BrowserKey>;

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(value: number, language: string): string {
  const format = numberFormats.get(language) ?? new Intl.NumberFormat(language);
  numberFormats.set(language, format);
  return format.format(value);
}

const i18n = i18next.createInstance();
i18n.use({
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  format: (value: unknown, _format: string | undefined, language: string | undefined) =>
    typeof value === 'number' ? formatNumber(value, language ?? 'en') : value,
} as never);
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      { translation: { ...CATALOGUES[language].page, ...CATALOGUES[language].browser, ...CATALOGUES[language].owner } },
    ]),
  ),
  lng: 'en',
  supportedLngs: [...LANGUAGES],
  fallbackLng: false,
  // Keys are flat ("guest.pinTitle"): no nesting, no namespaces in them.
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false, alwaysFormat: true },
  returnNull: false,
});

const words = new Map<Language, PageWords>(
  LANGUAGES.map((language) => {
    const t = i18n.getFixedT(language);
    return [language, { language, t: (key, vars) => t(key, vars ?? {}) as string }];
  }),
);

/** The messages of `language`. */
export function wordsFor(language: Language): PageWords {
  return words.get(language) as PageWords;
}

/** English, for what the server says outside any page (API error messages). */
export const ENGLISH: PageWords = wordsFor('en');
