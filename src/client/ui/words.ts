/**
 * What the page scripts say, in the page's language: the server renders each page in the visitor's language and
 * hands the scripts that language's messages on `<body data-messages>` (only that one language, so a guest page
 * carries a few KiB of text instead of i18next and every catalogue; see docs/architecture.md). An owner page
 * carries the `owner` part of the catalogue besides, read through `ownerT`.
 */
import {
  type BrowserKey,
  isLanguage,
  type Language,
  type OwnerKey,
  type Vars,
  type Words,
} from '../../shared/i18n/catalogue.ts';
import { lookup } from '../../shared/i18n/lookup.ts';

let current: Words<BrowserKey | OwnerKey> | null = null;

/** Speak `language` with `messages` from now on (a page reads its own; Node tests hand in a catalogue). */
export function useMessages(language: Language, messages: Readonly<Record<string, string>>): void {
  current = { language, t: lookup(language, messages) };
}

function speaking(): Words<BrowserKey | OwnerKey> {
  if (!current) {
    const language = document.documentElement.lang;
    const messages = JSON.parse(document.body.dataset.messages ?? '{}') as Record<string, string>;
    useMessages(isLanguage(language) ? language : 'en', messages);
  }
  return current as Words<BrowserKey | OwnerKey>;
}

/** The page's language and messages. */
export function words(): Words {
  return speaking();
}

/** The message `key` in the page's language. */
export function t(key: BrowserKey, vars?: Vars): string {
  return words().t(key, vars);
}

/** The message `key` of the owner pages' scripts, in the page's language. */
export function ownerT(key: OwnerKey, vars?: Vars): string {
  return speaking().t(key, vars);
}
