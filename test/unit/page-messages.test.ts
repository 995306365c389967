/**
 * What the server hands the page scripts on `<body data-messages>`: a guest's page gets the language's
 * `browser` messages only (the owner pages' own never weigh on a guest's phone); every other page (the owner's)
 * gets those and the `owner` messages, in the page's language.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { wordsFor } from '../../src/server/i18n/translations.ts';
import { html } from '../../src/server/views/html.ts';
import { page } from '../../src/server/views/layout.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function messagesOf(document: string): Record<string, string> {
  const attribute = /data-messages="([^"]*)"/.exec(document)?.[1];
  assert.ok(attribute !== undefined, 'the page carries data-messages');
  return JSON.parse(attribute.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity));
}

describe("the page scripts' messages on the page", () => {
  const body = html`<p>…</p>`;

  test("a guest's page: the browser messages of its language, none of the owner's", () => {
    const messages = messagesOf(page({ title: 'T', user: null, guest: true, words: wordsFor('ar'), body }));
    assert.deepEqual(messages, CATALOGUES.ar.browser);
    assert.equal(
      Object.keys(messages).some((key) => key in CATALOGUES.ar.owner),
      false,
    );
  });

  test("an owner's page: the browser and owner messages of its language", () => {
    assert.deepEqual(messagesOf(page({ title: 'T', user: null, words: wordsFor('de'), body })), {
      ...CATALOGUES.de.browser,
      ...CATALOGUES.de.owner,
    });
  });
});
