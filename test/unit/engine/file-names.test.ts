import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSafeRelativePath, sanitizeFileName, sanitizeRelativePath, uniquePaths } from '../../../src/shared/file-names.ts';

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
  assert.ok(sanitizeFileName('x'.repeat(500) + '.txt').endsWith('.txt'));
  assert.ok(sanitizeFileName('x'.repeat(500)).length <= 200);
});

test('uniquePaths disambiguates duplicates case-insensitively', () => {
  assert.deepEqual(uniquePaths(['a.txt', 'A.txt', 'a.txt', 'dir/b', 'dir/b']), ['a.txt', 'A (2).txt', 'a (3).txt', 'dir/b', 'dir/b (2)']);
});
