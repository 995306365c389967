import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  archivePaths,
  isSafeRelativePath,
  sanitizeFileName,
  sanitizeRelativePath,
  uniquePaths,
} from '../../../src/shared/file-names.ts';

test('relative paths lose traversal, absolute prefixes and control characters', () => {
  const cases: [string, string][] = [
    ['../../etc/passwd', 'etc/passwd'],
    ['/etc/passwd', 'etc/passwd'],
    ['C:\\Windows\\system32\\x.dll', 'Windows/system32/x.dll'],
    ['\\\\server\\share\\f.txt', 'server/share/f.txt'],
    ['a/./b/../c.txt', 'a/b/c.txt'],
    ['dir/\u0000evil\u001f.txt', 'dir/evil.txt'],
    ['photo\u202Egnp.exe', 'photognp.exe'],
    ['Домашка/задание 1.pdf', 'Домашка/задание 1.pdf'],
    ['<b>markup</b>.txt', '<b>markup</b>.txt'],
    ['..', 'file'],
    ['', 'file'],
    ['name. . .', 'name'],
  ];
  for (const [input, want] of cases) {
    assert.equal(sanitizeRelativePath(input), want, input);
    assert.ok(isSafeRelativePath(want));
  }
  assert.equal(isSafeRelativePath('../x'), false);
  assert.equal(isSafeRelativePath('/x'), false);
});

test('a leaf name keeps slashes as characters, not folders', () => {
  assert.equal(sanitizeFileName('<b>markup</b>.txt'), '<b>markup<_b>.txt');
  assert.equal(sanitizeFileName('..'), 'file');
  assert.equal(sanitizeFileName('日本語のファイル.txt'), '日本語のファイル.txt');
  assert.ok(sanitizeFileName(`${'x'.repeat(500)}.txt`).endsWith('.txt'));
  assert.ok(sanitizeFileName('x'.repeat(500)).length <= 200);
});

test('uniquePaths disambiguates duplicates case-insensitively', () => {
  assert.deepEqual(uniquePaths(['a.txt', 'A.txt', 'a.txt', 'dir/b', 'dir/b']), [
    'a.txt',
    'A (2).txt',
    'a (3).txt',
    'dir/b',
    'dir/b (2)',
  ]);
});

test('names that would spoof what they are lose the trick: space runs, fillers, separators, marks', () => {
  const cases: [string, string][] = [
    [`invoice.pdf${' '.repeat(150)}.html`, 'invoice.pdf .html'],
    ['invoice.pdf\u3164\u3164\u3164.exe', 'invoice.pdf.exe'],
    ['report\u2028.pdf.exe', 'report .pdf.exe'],
    ['photo\u061Cgnp.exe', 'photognp.exe'],
    ['in\u00ADvoice.pdf', 'invoice.pdf'],
    ['a\u00A0\u2003\u3000b.txt', 'a b.txt'],
    ['dir/  sub  /x.txt', 'dir/sub/x.txt'],
  ];
  for (const [input, want] of cases) {
    assert.equal(sanitizeRelativePath(input), want, JSON.stringify(input));
    assert.equal(isSafeRelativePath(input), false, `${JSON.stringify(input)} is refused as it is`);
    assert.ok(isSafeRelativePath(want));
  }
});

test('":" and device names are made harmless in every segment, not only the first', () => {
  const cases: [string, string][] = [
    ['report.txt:run.exe', 'report.txt_run.exe'],
    ['docs/C:/x.txt', 'docs/C_/x.txt'],
    ['docs/CON', 'docs/_CON'],
    ['docs/nul.txt', 'docs/_nul.txt'],
    ['a/COM1.log', 'a/_COM1.log'],
    ['a/lpt9', 'a/_lpt9'],
    ['a/com\u00B9.txt', 'a/_com\u00B9.txt'],
    ['a/CON .txt', 'a/_CON .txt'],
    ['PRN/aux/x', '_PRN/_aux/x'],
    ['console.txt', 'console.txt'],
    ['COM10.txt', 'COM10.txt'],
    ['nullable.js', 'nullable.js'],
  ];
  for (const [input, want] of cases) {
    assert.equal(sanitizeRelativePath(input), want, input);
    assert.ok(isSafeRelativePath(want), want);
  }
  assert.equal(sanitizeFileName('CON'), '_CON');
  assert.equal(sanitizeFileName('a:b.txt'), 'a_b.txt');
});

test('ZIP paths unpack safely anywhere: one top folder, no dot-leading segment, unique', () => {
  const paths = archivePaths('Homework week 3 2026-11-30', [
    '.ssh/authorized_keys',
    'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/run.bat',
    '.bashrc',
    'notes/.hidden/x.txt',
    'a.txt',
    'A.txt',
    'report..pdf',
  ]);
  assert.deepEqual(paths, [
    'Homework week 3 2026-11-30/_.ssh/authorized_keys',
    'Homework week 3 2026-11-30/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/run.bat',
    'Homework week 3 2026-11-30/_.bashrc',
    'Homework week 3 2026-11-30/notes/_.hidden/x.txt',
    'Homework week 3 2026-11-30/a.txt',
    'Homework week 3 2026-11-30/A (2).txt',
    'Homework week 3 2026-11-30/report..pdf',
  ]);
  assert.deepEqual(archivePaths('.profile', ['../x']), ['_.profile/x']);
  assert.deepEqual(archivePaths('', ['x']), ['file/x']);
});
