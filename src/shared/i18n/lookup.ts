/**
 * The page scripts' message lookup: the same rules as i18next on the server (plural suffixes from
 * `Intl.PluralRules`, `{{name}}` filled in, numbers through `Intl.NumberFormat`) in a few hundred bytes, since
 * i18next itself would cost the guest pages about 16 KiB of their 80 KiB budget (docs/architecture.md).
 * test/unit/i18n-catalogues.test.ts checks that both give the same text for every message.
 */
import type { Language, Vars } from './catalogue.ts';

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Looks `key` up in `messages` (flat, plural keys suffixed); an unknown key answers itself, as i18next does. */
export function lookup(
  language: Language,
  messages: Readonly<Record<string, string>>,
): (key: string, vars?: Vars) => string {
  const plurals = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  return (key, vars = {}) => {
    const count = vars.count;
    const template =
      (typeof count === 'number'
        ? (messages[`${key}_${plurals.select(count)}`] ?? messages[`${key}_other`])
        : undefined) ??
      messages[key] ??
      key;
    return template.replace(PLACEHOLDER, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}
