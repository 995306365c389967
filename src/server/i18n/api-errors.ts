/**
 * The API's `error` sentences in the language of the page that asked (its `phuppi_lang` cookie or
 * Accept-Language, as for the pages), so an owner's page can show them as they come. Routes keep throwing
 * their English sentence: it stays the answer for an English request, word for word, and `code` and the HTTP
 * status never change. A sentence the catalogue has as a `view.apiError.*` message is said in the request's
 * language; its `{{name}}`s stand for any text and are carried over. Any other sentence stays English.
 */
import type { Language, PageKey } from '../../shared/i18n/catalogue.ts';
import { en } from '../../shared/i18n/en.ts';
import { wordsFor } from './translations.ts';

interface KnownSentence {
  key: PageKey;
  pattern: RegExp;
  names: string[];
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const KNOWN: KnownSentence[] = Object.entries(en.page)
  .filter(([key]) => key.startsWith('view.apiError.'))
  .map(([key, text]) => {
    const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
    const source = text.split(PLACEHOLDER).map((piece, i) => (i % 2 === 0 ? escapeRegExp(piece) : '(.*)'));
    return { key: key as PageKey, pattern: new RegExp(`^${source.join('')}$`, 's'), names };
  });

/** `sentence` (an English `error` of the API) in `language`, or as it is when the catalogue does not have it. */
export function translateApiError(sentence: string, language: Language): string {
  if (language === 'en') return sentence;
  for (const known of KNOWN) {
    const match = known.pattern.exec(sentence);
    if (match) {
      const vars = Object.fromEntries(known.names.map((name, i) => [name, match[i + 1] ?? '']));
      return wordsFor(language).t(known.key, vars);
    }
  }
  return sentence;
}
