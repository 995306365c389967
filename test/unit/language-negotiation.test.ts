/** Which language a page is in: Accept-Language with its q-values, and the visitor's own choice (the cookie). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acceptedRanges, negotiateLanguage, pageLanguage } from '../../src/server/i18n/negotiation.ts';

describe('language negotiation', () => {
  test('ranges come best first, ties in the order given, q=0 and nonsense left out', () => {
    assert.deepEqual(acceptedRanges('fr;q=0.5, de-AT, ar;q=0.9, es;q=0, en;q=0.5'), ['de-at', 'ar', 'fr', 'en']);
    assert.deepEqual(acceptedRanges('de;q=abc, ;q=1, es;q=2'), []);
    assert.deepEqual(acceptedRanges(undefined), []);
  });

  test('the best shipped language wins; a region is served by its language', () => {
    assert.equal(negotiateLanguage('de-CH, en;q=0.8'), 'de');
    assert.equal(negotiateLanguage('fr-FR, fr;q=0.9, es;q=0.7, en;q=0.5'), 'es');
    assert.equal(negotiateLanguage('en;q=0.4, ar-EG;q=0.8'), 'ar');
    assert.equal(negotiateLanguage('ES'), 'es');
    assert.equal(negotiateLanguage('fr, *;q=0.1'), 'en');
    assert.equal(negotiateLanguage('fr, it'), null);
    assert.equal(negotiateLanguage('de;q=0, es;q=0.1'), 'es');
  });

  test('the cookie wins over the header; an unknown cookie or header gives English', () => {
    assert.equal(pageLanguage('ar', 'de'), 'ar');
    assert.equal(pageLanguage('xx', 'es-MX'), 'es');
    assert.equal(pageLanguage(undefined, 'fr'), 'en');
    assert.equal(pageLanguage(undefined, undefined), 'en');
  });

  test('a flood of ranges is cut short', () => {
    const header = `${Array.from({ length: 5000 }, (_, i) => `x${i};q=0.5`).join(', ')}, de`;
    assert.equal(negotiateLanguage(header), null);
  });
});
