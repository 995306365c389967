import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanDisplayText, stripUnsafeChars } from '../../src/shared/unsafe-text.ts';

describe('unsafe text', () => {
  test('direction overrides and isolates are removed (no "txt.exe" shown as "exe.txt")', () => {
    assert.equal(stripUnsafeChars('invoice\u202Etxt.exe'), 'invoicetxt.exe');
    assert.equal(stripUnsafeChars('a\u2066b\u2069c\u061Cd\u200Fe'), 'abcde');
  });
  test('invisible fillers, soft hyphens, line separators and controls are removed', () => {
    assert.equal(stripUnsafeChars('re\u00ADport\u3164\u115F\uFFA0.pdf\u2028\u2029\u0000\u0007\u009B'), 'report.pdf');
  });
  test('tag characters, the grapheme joiner, Khmer vowels, the blank Braille pattern and annotation marks are removed', () => {
    assert.equal(stripUnsafeChars('a\u{E0041}\u{E007F}b\u034Fc\u17B4\u17B5d\u2800e\uFFF9f\uFFFBg'), 'abcdefg');
    assert.equal(stripUnsafeChars('x\u{1D173}y\u{1D17A}.exe'), 'xy.exe', 'invisible format characters of any block');
  });
  test('whitespace runs of any kind collapse to one space and the ends are trimmed', () => {
    assert.equal(cleanDisplayText(`  invoice.pdf${' '.repeat(150)}.html `), 'invoice.pdf .html');
    assert.equal(cleanDisplayText('Homework\u00A0\u2003\u3000week\t\n3'), 'Homework week 3');
  });
  test('ordinary text in any script is kept', () => {
    assert.equal(cleanDisplayText('Hausaufgabe Woche 3 — تقرير 日本語'), 'Hausaufgabe Woche 3 — تقرير 日本語');
  });
});
