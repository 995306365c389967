/**
 * A picked file rewritten on disk while the engine reads it: the read fails, whichever way the engine reads, so the
 * sender never takes a digest of bytes that are partly old and partly new. Chromium refuses a read of a picked file
 * whose modification time moved since it was picked; a stream checks only when it opens the file, which is why the
 * engine's stream reads the file once more at its end.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { READ_BLOCK_BYTES, type ReadWay } from '../../src/client/engine/block-reader.ts';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { bundleForBrowser, openHarness } from '../helpers/harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Never dialled: Playwright answers every request of the harness itself. */
const ORIGIN = 'http://127.0.0.1:9';
const SIZE = 3 * READ_BLOCK_BYTES + 1;

interface ReadHarness {
  readFirstBlock(way: ReadWay): Promise<number>;
  readRest(): Promise<string>;
}

describe('a picked file that changes on disk while it is read', { skip: browserSkipReason() }, () => {
  let browser: Browser;
  let harnessJs: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'phuppi-file-changed-'));
    harnessJs = await bundleForBrowser(path.join(here, 'fixtures', 'read-harness.ts'));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A page that has picked a fresh file of SIZE bytes and read its first block `way`; the file's path. */
  async function firstBlockRead(way: ReadWay): Promise<{ page: Page; file: string }> {
    const file = path.join(dir, `${way}-${Date.now()}.bin`);
    writeFileSync(file, randomBytes(SIZE));
    const page = await browser.newPage();
    await openHarness(page, ORIGIN, harnessJs, 'read-harness');
    await page.setInputFiles('input[type=file]', file);
    const first = await page.evaluate(
      (w) => (window as unknown as { readHarness: ReadHarness }).readHarness.readFirstBlock(w),
      way,
    );
    assert.equal(first, READ_BLOCK_BYTES);
    return { page, file };
  }

  const readRest = (page: Page) =>
    page.evaluate(() => (window as unknown as { readHarness: ReadHarness }).readHarness.readRest());

  for (const way of ['stream', 'slices'] as const) {
    test(`read as ${way}: rewritten after the first block, the read fails`, async () => {
      const { page, file } = await firstBlockRead(way);
      writeFileSync(file, randomBytes(SIZE));
      const later = Date.now() / 1000 + 60;
      utimesSync(file, later, later);
      assert.match(await readRest(page), /^failed: /);
      await page.close();
    });

    test(`read as ${way}: left alone, every byte comes`, async () => {
      const { page } = await firstBlockRead(way);
      assert.equal(await readRest(page), `read ${SIZE}`);
      await page.close();
    });
  }
});
