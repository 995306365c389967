/**
 * The owner's page in real Chromium on one instance, guests entering the PIN on another (two instances on one
 * PostgreSQL and one Redis): the page shows them live, and after a Redis outage it shows the guest it missed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, forwardWarnings, launchBrowser } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { logInTo } from '../helpers/p2p-flow.ts';
import { redisSkipReason, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import { startTestInstances, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

const postgres = testStores().find((store) => store.name === 'postgres');

describe("the owner's page with guests on another instance", {
  skip:
    browserSkipReason() || redisSkipReason() || (!postgres && 'PHUPPI_TEST_PG_URL is not set: no PostgreSQL to share'),
}, () => {
  let redis: TestRedis;
  let instances: Awaited<ReturnType<typeof startTestInstances>> | undefined;
  let browser: Browser;
  const server = (i: number) => instances?.servers[i] as TestServer;

  before(async () => {
    redis = await startTestRedis();
    instances = await startTestInstances(2, postgres as NonNullable<typeof postgres>, { REDIS_URL: redis.url });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await instances?.close();
    await redis?.close();
  });

  const guestCards = (page: Page) => page.locator('.guest-card');
  async function admitOn(target: TestServer, token: string, pin: string): Promise<void> {
    const answer = await new Client(target.url).request('POST', `/api/p2p/receive/${token}/verify-pin`, { pin });
    assert.equal(answer.body.valid, true, JSON.stringify(answer.body));
  }

  test('shows guests admitted elsewhere live, and the one it missed while Redis was down', async () => {
    const page = await (await browser.newContext()).newPage();
    forwardWarnings(page, 'owner');
    await logInTo(page, server(0).url, '/p2p/receive');
    await page.getByRole('button', { name: 'Create receive session' }).click();
    await page.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    await page.locator('#live-status').getByText('Live').waitFor({ timeout: 15_000 });
    const token = new URL(page.url()).pathname.split('/')[3] ?? '';
    const { pin } = await server(0)
      .running.store.db.selectFrom('p2p_receive_sessions')
      .select('pin')
      .where('token', '=', token)
      .executeTakeFirstOrThrow();

    await admitOn(server(1), token, pin);
    await guestCards(page).first().waitFor({ timeout: 15_000 });

    await redis.stop();
    await admitOn(server(1), token, pin); // its event is lost on the way to the page's instance
    await redis.start();
    await page.waitForFunction(() => document.querySelectorAll('.guest-card').length === 2, undefined, {
      timeout: 20_000,
    });
    assert.equal(await page.locator('#live-status').textContent(), 'Live');
    assert.equal(await page.locator('#server-unreachable').isVisible(), false, 'no "Server unreachable" banner');

    await admitOn(server(1), token, pin);
    await page.waitForFunction(() => document.querySelectorAll('.guest-card').length === 3, undefined, {
      timeout: 15_000,
    });
    await page.context().close();
  });
});
