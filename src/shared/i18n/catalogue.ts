/**
 * The shipped languages and the shape of a catalogue, typed from the English one (en.ts): a key missing in a
 * language, or one English does not have, is a type error. Plural keys carry `Intl.PluralRules` categories as
 * suffixes, as i18next reads them; only `_other` can be required by the type, the others per language are
 * checked by test/unit/i18n-catalogues.test.ts.
 */
import type { en } from './en.ts';

export const LANGUAGES = ['en', 'de', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in that language, as the language picker lists it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', es: 'Español', ar: 'العربية' };

/** The writing direction of a language's pages. */
export function direction(language: Language): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type PluralCategory = Intl.LDMLPluralRule;
type Suffixed = `${string}_${PluralCategory}`;
type BaseOf<K> = K extends `${infer B}_${PluralCategory}` ? B : K;
type PluralBases<M> = keyof M extends infer K ? (K extends `${infer B}_${PluralCategory}` ? B : never) : never;

/** A language's messages for one part of the English catalogue `M`. */
export type Messages<M> = { [K in keyof M as K extends Suffixed ? never : K]: string } & {
  [B in PluralBases<M> as `${B}_other`]: string;
} & { [B in PluralBases<M> as `${B}_${Exclude<PluralCategory, 'other'>}`]?: string };

export interface Catalogue {
  /** Rendered by the server. */
  page: Messages<typeof en.page>;
  /** Said by the page scripts; each page gets its language's only. */
  browser: Messages<typeof en.browser>;
  /** Said besides by the owner pages' scripts (handed to those pages only, never to a guest's). */
  owner: Messages<typeof en.owner>;
}

/** A message of the server-rendered pages (a plural key without its suffix). */
export type PageKey = BaseOf<keyof typeof en.page>;
/** A message of the page scripts (a plural key without its suffix). */
export type BrowserKey = BaseOf<keyof typeof en.browser>;
/** A message of the owner pages' scripts (a plural key without its suffix). */
export type OwnerKey = BaseOf<keyof typeof en.owner>;
/** What fills a message's `{{name}}`s; `count` also picks the plural form. Numbers are formatted for the language. */
export type Vars = Readonly<Record<string, string | number>>;

/** A language and its messages: what everything that speaks to the guest is given. */
export interface Words<K extends string = BrowserKey> {
  readonly language: Language;
  t(key: K, vars?: Vars): string;
}
