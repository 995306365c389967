/**
 * Whether English is left on a translated page: the English catalogue's text, cut at its placeholders, that
 * shows in what a person (or a screen reader) meets on the page.
 */
import type { Catalogue, Language } from '../../src/shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';
import { en } from '../../src/shared/i18n/en.ts';

/**
 * The English text of the catalogue `parts` that must not show on a page in `language`: each message cut at
 * its placeholders, pieces with a word in them, except single words the language itself uses ("PIN", "ZIP",
 * "SHA-256", "Download", units, product names).
 */
export function englishPieces(language: Language, parts: readonly (keyof Catalogue)[]): string[] {
  const own = parts.flatMap((part) => Object.values(CATALOGUES[language][part]) as string[]);
  const pieces = parts
    .flatMap((part) => Object.values(en[part]) as string[])
    .flatMap((text) => text.split(/\{\{[^}]+\}\}/))
    .map((piece) => piece.trim().replace(/^[\s.,;:()“”✓·—–-]+|[\s.,;:()“”…·—–-]+$/g, ''))
    // A lone word the language uses too is fine ("PIN", "ZIP", "Download"); a phrase never is.
    .filter((piece) => /[A-Za-z]{2}/.test(piece) && !(!/\s/.test(piece) && own.some((text) => text.includes(piece))));
  return [...new Set(pieces)];
}

/** The English pieces (see `englishPieces`) that `text` contains as words of their own. */
export function englishLeft(text: string, language: Language, parts: readonly (keyof Catalogue)[]): string[] {
  return englishPieces(language, parts).filter((piece) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}
