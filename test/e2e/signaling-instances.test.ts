/**
 * A real transfer between browsers whose pages (and so their signaling sockets) are on different instances:
 * the owner's page on instance A, the guest's on instance B, one PostgreSQL and one Redis. The offer, answer and
 * candidates cross instances over the Redis bus; the files arrive byte-identical.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { browserSkipReason, forwardWarnings, launchBrowser } from '../helpers/browser.ts';
import { sharedDatabaseSkipReason, startInstances, type TestInstances } from '../helpers/instances.ts';
import { DESKTOP, logInTo, MiB, PHONE, saveByLink, setFiles, sha256, type TestFile } from '../helpers/p2p-flow.ts';
import { redisSkipReason, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import type { TestServer } from '../helpers/server.ts';

const skip = browserSkipReason() || redisSkipReason() || sharedDatabaseSkipReason();

describe('a transfer between pages on two instances', { skip }, () => {
  let redis: TestRedis;
  let instances: TestInstances;
  let browser: Browser;
  let dir: string;
  before(async () => {
    redis = await startTestRedis();
    instances = await startInstances(2, { redisUrl: redis.url });
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'phuppi-instances-e2e-'));
  });
  after(async () => {
    await browser?.close();
    await instances?.close();
    await redis?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('reverse: owner page on A, guest page on B, files arrive byte-identical', async () => {
    const [a, b] = instances.servers as [TestServer, TestServer];
    const big = path.join(dir, 'random-8MiB.bin');
    const files: TestFile[] = [
      { name: 'random-8MiB.bin', data: randomBytes(8 * MiB), path: big },
      { name: 'note.txt', data: Buffer.from('across instances\n'.repeat(50)) },
    ];
    writeFileSync(big, files[0]!.data);

    const ownerContext = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    const owner = await ownerContext.newPage();
    forwardWarnings(owner, 'owner');
    await logInTo(owner, a.url, '/p2p/receive');
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await owner.locator('#pin').textContent())!.trim();
    const shareUrl = await owner.locator('#share-url').inputValue();

    const guestContext = await browser.newContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' },
    });
    const guest = await guestContext.newPage();
    forwardWarnings(guest, 'guest');
    // The guest's page, and so its signaling socket, is on instance B. Its API requests go to A, as a round-robin
    // proxy may send them: that is where the owner's event stream is, so the owner hears of the guest at once
    // (owner events crossing instances are not what this test is about).
    await guestContext.route(`${b.url}/api/**`, async (route) => {
      const url = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: a.url + url.pathname + url.search }) });
    });
    await guest.goto(b.url + new URL(shareUrl).pathname);
    await setFiles(guest.locator('input[type=file]'), files);
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    await guest.getByRole('heading', { name: 'All 2 files arrived' }).waitFor({ timeout: 90_000 });
    await owner.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    // The two signaling sockets really were on different instances: the peer directory says so.
    const direct = new Redis(redis.url);
    try {
      const holders = await Promise.all((await direct.keys('phuppi:peer:*')).map((key) => direct.get(key)));
      const [instanceA, instanceB] = instances.servers.map((s) => s.running.app.cluster.instanceId);
      assert.deepEqual(
        [instanceA, instanceB].map((id) => holders.filter((h) => h?.startsWith(`${id}/`)).length),
        [1, 1],
        'one peer on each instance',
      );
    } finally {
      direct.disconnect();
    }
    for (const file of files) {
      const { data } = await saveByLink(owner, file.name);
      assert.equal(sha256(data), sha256(file.data), `${file.name}: same SHA-256`);
    }
    await guestContext.close();
    await ownerContext.close();
  });
});
