/**
 * The receiving page's stores in real Chromium: guests connecting at the same moment all get OPFS (their
 * workers' probes once collided and some fell back to memory), and verifying a file appends to a log instead of
 * rewriting the transfer's whole meta.json (1.5 files a second at 6,500 files), while a reload still finds them.
 * The page's stores share one worker (one per guest made the owner's memory grow by a JavaScript engine per guest).
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, forwardWarnings, launchBrowser } from '../helpers/browser.ts';
import { bundleForBrowser, openHarness } from '../helpers/harness.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

type Probe = {
  pickMany(n: number): Promise<string[]>;
  markMany(n: number): Promise<{ metaBefore: number; metaAfter: number; metaSize: number; reopenedDone: number }>;
  shareOneWorker(n: number): Promise<{ started: number; ended: number; digests: [string, string][] }>;
};
declare const storageProbe: Probe;

describe('receiver storage in Chromium', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const [script, worker] = await Promise.all([
      bundleForBrowser(path.join(here, 'engine-storage-page.ts')),
      bundleForBrowser(path.join(here, '..', '..', 'src', 'client', 'engine', 'opfs-worker.ts')),
    ]);
    server = await startTestServer();
    browser = await launchBrowser({ harness: true });
    const context = await browser.newContext();
    await context.route(`${server.url}/__test/opfs-worker.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: worker }),
    );
    page = await context.newPage();
    forwardWarnings(page, 'storage page');
    await openHarness(page, server.url, script, 'engine-storage');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('eight guests at the same moment all get OPFS, none falls back to memory', async () => {
    for (let round = 0; round < 3; round++) {
      const kinds = await page.evaluate(() => storageProbe.pickMany(8));
      assert.deepEqual(kinds, Array(8).fill('opfs'), `round ${round}: ${kinds.join(', ')}`);
    }
  });

  test('five guests receiving at once share one storage worker, each store hashing its own bytes', async () => {
    const r = await page.evaluate(() => storageProbe.shareOneWorker(5));
    assert.equal(r.started, 1, 'one worker for the page');
    assert.equal(r.ended, 1, 'ended with the last store');
    for (const [i, [got, want]] of r.digests.entries()) assert.equal(got, want, `store ${i}'s digest`);
  });

  test('verifying files does not rewrite meta.json, and a fresh worker still finds every verified file', async () => {
    const r = await page.evaluate(() => storageProbe.markMany(300));
    assert.equal(r.metaAfter, r.metaBefore, 'meta.json untouched while files were verified');
    assert.equal(r.metaSize, 0);
    assert.equal(r.reopenedDone, 300);
  });
});
