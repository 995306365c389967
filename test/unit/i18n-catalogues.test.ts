/**
 * The shipped languages are complete: every key of the English catalogue is in each language, none is extra,
 * each plural message has exactly the forms `Intl.PluralRules` asks for in that language, every translation
 * fills in the placeholders English does; and the page scripts' small lookup says exactly what i18next says on
 * the server, for every message of every language.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wordsFor } from '../../src/server/i18n/translations.ts';
import { limitsSentence } from '../../src/shared/guest-limits.ts';
import { type Catalogue, LANGUAGES, type Language } from '../../src/shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';
import { en } from '../../src/shared/i18n/en.ts';
import { formatEta, formatRemaining, formatSize } from '../../src/shared/i18n/format.ts';
import { lookup } from '../../src/shared/i18n/lookup.ts';

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] as string));

/** Everything wrong with `messages` (one part of `language`'s catalogue) against English's `source`. */
function catalogueProblems(
  language: Language,
  source: Readonly<Record<string, string>>,
  messages: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const sourcePlurals = new Set(Object.keys(source).flatMap((key) => PLURAL.exec(key)?.[1] ?? []));
  const expected = new Set([
    ...Object.keys(source).filter((key) => !sourcePlurals.has(PLURAL.exec(key)?.[1] ?? '')),
    ...[...sourcePlurals].flatMap((base) => categories.map((category) => `${base}_${category}`)),
  ]);
  for (const key of expected) if (!(key in messages)) problems.push(`${language}: missing ${key}`);
  for (const key of Object.keys(messages)) if (!expected.has(key)) problems.push(`${language}: extra ${key}`);
  for (const [key, text] of Object.entries(messages)) {
    const base = PLURAL.exec(key)?.[1];
    const english =
      base && sourcePlurals.has(base) ? `${source[`${base}_one`] ?? ''}${source[`${base}_other`]}` : source[key];
    if (english === undefined || (text.trim() === '' && english.trim() !== '')) {
      if (english !== undefined) problems.push(`${language}: ${key} is empty`);
      continue;
    }
    const wanted = placeholders(english);
    const given = placeholders(text);
    for (const name of given) if (!wanted.has(name)) problems.push(`${language}: ${key} has an unknown {{${name}}}`);
    // A plural form may say its number in words ("ملف واحد"); every other placeholder must be filled in.
    for (const name of wanted)
      if (!given.has(name) && !(base && name === 'count')) problems.push(`${language}: ${key} lacks {{${name}}}`);
  }
  return problems;
}

const parts = ['page', 'browser', 'owner'] as const satisfies readonly (keyof Catalogue)[];

describe('the shipped languages', () => {
  test('English, German, Spanish and Arabic are shipped', () => {
    assert.deepEqual([...LANGUAGES].sort(), ['ar', 'de', 'en', 'es']);
  });

  for (const language of LANGUAGES)
    test(`${language}: every key, no extra key, the plural forms of ${language}, the placeholders of English`, () => {
      for (const part of parts)
        assert.deepEqual(
          catalogueProblems(language, en[part], CATALOGUES[language][part] as Record<string, string>),
          [],
        );
    });

  test('the check finds a missing key, an extra key, a missing plural form and a lost placeholder', () => {
    const german = { ...CATALOGUES.de.browser } as Record<string, string>;
    delete german['pin.unlocked'];
    german['pin.unlockd'] = 'Tippfehler';
    delete german['files.count_one'];
    german['status.connecting'] = 'Verbindung wird aufgebaut…';
    const arabic = { ...CATALOGUES.ar.browser } as Record<string, string>;
    delete arabic['files.count_few'];
    assert.deepEqual(catalogueProblems('de', en.browser, german).sort(), [
      'de: extra pin.unlockd',
      'de: missing files.count_one',
      'de: missing pin.unlocked',
      'de: status.connecting lacks {{owner}}',
    ]);
    assert.deepEqual(catalogueProblems('ar', en.browser, arabic), ['ar: missing files.count_few']);
    // English's own plural keys need English's forms only.
    assert.deepEqual(catalogueProblems('en', en.browser, en.browser), []);
  });

  test('the owner part shares no key with the others: an owner page gets it and the browser part in one list', () => {
    const others = new Set([...Object.keys(en.page), ...Object.keys(en.browser)]);
    assert.deepEqual(
      Object.keys(en.owner).filter((key) => others.has(key)),
      [],
    );
  });

  test("the page scripts' lookup says what i18next says, for every message and count, in every language", () => {
    const sample = (name: string) => (name === 'count' ? 0 : `‹${name}›`);
    for (const language of LANGUAGES) {
      const server = wordsFor(language);
      const messages = { ...CATALOGUES[language].browser, ...CATALOGUES[language].owner } as Record<string, string>;
      const browser = lookup(language, messages);
      const keys = new Set(Object.keys(messages).map((key) => PLURAL.exec(key)?.[1] ?? key));
      for (const key of keys) {
        const names = new Set(
          Object.entries(messages)
            .filter(([k]) => k === key || k.startsWith(`${key}_`))
            .flatMap(([, text]) => [...placeholders(text)]),
        );
        for (const count of [0, 1, 2, 3, 11, 100, 1.5, 1_000_000]) {
          const vars = { ...Object.fromEntries([...names].map((name) => [name, sample(name)])), count, max: 12345 };
          assert.equal(browser(key, vars), server.t(key as never, vars), `${language} ${key} ${count}`);
        }
      }
    }
  });

  test('numbers are formatted for the language, plural forms chosen by its rules', () => {
    assert.equal(wordsFor('de').t('files.count', { count: 1234 }), '1.234 Dateien');
    assert.equal(wordsFor('en').t('files.count', { count: 1 }), '1 file');
    assert.equal(wordsFor('ar').t('files.count', { count: 2 }), 'ملفان');
    assert.equal(wordsFor('ar').t('files.count', { count: 5 }).endsWith('ملفات'), true);
    assert.equal(wordsFor('ar').t('files.count', { count: 11 }).endsWith('ملفًا'), true);
    assert.equal(wordsFor('es').t('files.count', { count: 1_000_000 }), '1.000.000 de archivos');
  });

  test('sizes and durations in the language, English as it always read', () => {
    const mib = 3.4 * 1024 * 1024;
    assert.equal(formatSize(wordsFor('en'), mib), '3.4 MiB');
    assert.equal(formatSize(wordsFor('de'), mib), '3,4 MiB');
    assert.equal(formatSize(wordsFor('en'), 2 * 1024 ** 3), '2.0 GiB');
    assert.equal(formatSize(wordsFor('ar'), 512), '512 بايت');
    const ms = (h: number, m: number, s: number) => ((h * 60 + m) * 60 + s) * 1000;
    assert.equal(formatRemaining(wordsFor('en'), ms(23, 59, 30)), '23 h 59 min');
    assert.equal(formatRemaining(wordsFor('en'), ms(0, 4, 5)), '4 min 05 s');
    assert.equal(formatRemaining(wordsFor('de'), ms(0, 4, 5)), '4 Min. 05 Sek.');
    assert.equal(formatRemaining(wordsFor('en'), ms(49, 0, 0)), '2 d 1 h');
    assert.equal(formatRemaining(wordsFor('en'), 0), null);
    assert.equal(formatEta(wordsFor('es'), 3725), '1 h 2 min');
    assert.equal(formatEta(wordsFor('en'), null), '…');
    assert.equal(
      limitsSentence({ maxFiles: 20, maxTotalBytes: 2 * 1024 ** 3 }, wordsFor('en')),
      'You can send at most 20 files, 2.0 GiB in total.',
    );
    assert.equal(
      limitsSentence({ maxFiles: null, maxTotalBytes: 1024 }, wordsFor('de'), 'linkLetsYou'),
      'Über diesen Link können Sie bis zu insgesamt 1,0 KiB senden.',
    );
  });
});
