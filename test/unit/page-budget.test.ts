/**
 * The guest pages' JavaScript budget (scripts/page-budget.mjs, run by the build): a page counts with every
 * chunk it imports, statically or on demand, each once (with every other script the page loads), and a page over
 * the budget is flagged.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type MetafileOutputs, pageSizes, withImports } from '../../scripts/page-budget.mjs';

const outputs: MetafileOutputs = {
  'public/page-a.js': {
    imports: [
      { path: 'public/chunks/shared.js', kind: 'import-statement' },
      { path: 'public/chunks/zip.js', kind: 'dynamic-import' },
      { path: 'https://example.org/x.js', kind: 'import-statement', external: true },
    ],
  },
  'public/page-b.js': { imports: [{ path: 'public/chunks/shared.js', kind: 'import-statement' }] },
  // A cycle between chunks is followed once.
  'public/chunks/shared.js': { imports: [{ path: 'public/chunks/zip.js', kind: 'import-statement' }] },
  'public/chunks/zip.js': { imports: [{ path: 'public/chunks/shared.js', kind: 'import-statement' }] },
  'public/chunks/unrelated.js': { imports: [] },
};

describe('guest page budget', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'phuppi-budget-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const gz: Record<string, number> = {};
  for (const [file, size] of Object.entries({
    'public/page-a.js': 1000,
    'public/page-b.js': 2000,
    'public/chunks/shared.js': 3000,
    'public/chunks/zip.js': 4000,
    'public/chunks/unrelated.js': 50_000,
  })) {
    // Random bytes do not compress: the gzipped size is close to the size, and known exactly.
    const data = randomBytes(size);
    writeFileSync(path.join(root, path.basename(file)), data);
    gz[file] = gzipSync(data, { level: 9 }).length;
  }
  const flat = Object.fromEntries(
    Object.entries(outputs).map(([file, meta]) => [
      path.basename(file),
      { imports: meta?.imports?.map((i) => ({ ...i, path: i.external ? i.path : path.basename(i.path) })) },
    ]),
  );

  test('a page loads itself and every chunk it imports, static or on demand, each once; never externals', () => {
    assert.deepEqual(withImports(outputs, 'public/page-a.js').sort(), [
      'public/chunks/shared.js',
      'public/chunks/zip.js',
      'public/page-a.js',
    ]);
    assert.deepEqual(withImports(outputs, 'public/page-b.js').sort(), [
      'public/chunks/shared.js',
      'public/chunks/zip.js',
      'public/page-b.js',
    ]);
  });

  test('sizes are the gzipped sums; over the budget is flagged, at the budget is not', () => {
    const a = (gz['public/page-a.js'] ?? 0) + (gz['public/chunks/shared.js'] ?? 0) + (gz['public/chunks/zip.js'] ?? 0);
    const b = (gz['public/page-b.js'] ?? 0) + (gz['public/chunks/shared.js'] ?? 0) + (gz['public/chunks/zip.js'] ?? 0);
    const sizes = pageSizes({
      outputs: flat,
      root,
      pages: { 'page-a.js': ['page-a.js'], 'page-b.js': ['page-b.js'] },
      budgetBytes: a,
    });
    assert.deepEqual(sizes, [
      { page: 'page-a.js', bytes: a, chunks: 2, over: false },
      { page: 'page-b.js', bytes: b, chunks: 2, over: true },
    ]);
  });

  test('a page with two script tags counts both and the chunks they share once', () => {
    const both =
      (gz['public/page-a.js'] ?? 0) +
      (gz['public/page-b.js'] ?? 0) +
      (gz['public/chunks/shared.js'] ?? 0) +
      (gz['public/chunks/zip.js'] ?? 0);
    const sizes = pageSizes({
      outputs: flat,
      root,
      pages: { 'page-a.js': ['page-a.js', 'page-b.js'] },
      budgetBytes: both,
    });
    assert.deepEqual(sizes, [{ page: 'page-a.js', bytes: both, chunks: 2, over: false }]);
  });
});
