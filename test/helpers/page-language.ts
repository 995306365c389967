/**
 * Checks of a page's language in a real browser: `lang`/`dir` on <html>, and no sentence of the English
 * catalogue left in what a person (or a screen reader) meets on it.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Language } from '../../src/shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';
import { en } from '../../src/shared/i18n/en.ts';

/**
 * The English catalogue's text that must not show on a page in `language`: each message cut at its
 * placeholders, pieces with a word in them, except single words the language itself uses ("PIN", "ZIP",
 * "SHA-256", "Download", units, product names).
 */
function englishPieces(language: Language): string[] {
  const own = Object.values({ ...CATALOGUES[language].page, ...CATALOGUES[language].browser }) as string[];
  const pieces = Object.values({ ...en.page, ...en.browser })
    .flatMap((text) => text.split(/\{\{[^}]+\}\}/))
    .map((piece) => piece.trim().replace(/^[\s.,;:()“”✓—–-]+|[\s.,;:()“”…—–-]+$/g, ''))
    // A lone word the language uses too is fine ("PIN", "ZIP", "Download"); a phrase never is.
    .filter((piece) => /[A-Za-z]{2}/.test(piece) && !(!/\s/.test(piece) && own.some((text) => text.includes(piece))));
  return [...new Set(pieces)];
}

/** What a person (or a screen reader) meets on the page: its visible text, its title and its labels. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((name) => el.getAttribute(name) ?? ''),
      ),
    ].join('\n'),
  );
}

/** Fails, quoting the page, when a piece of the English catalogue is left on a page in `language`. */
export async function assertNoEnglish(page: Page, language: Language, where: string): Promise<void> {
  const text = await pageText(page);
  const left = englishPieces(language).filter((piece) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
  assert.deepEqual(left, [], `English left on the ${language} page (${where}):\n${text}`);
}

export async function assertLanguage(page: Page, language: Language, dir: 'ltr' | 'rtl'): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), language);
  assert.equal(await page.getAttribute('html', 'dir'), dir);
}
