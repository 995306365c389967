/**
 * Scale-out as docs/deploy.md sets it up: three instances (separate processes) on one PostgreSQL and one
 * Redis, behind a real nginx running deploy/nginx/phuppi.conf (TLS ended there, round-robin, no sticky
 * sessions), real Chromium pages. nginx tags every answer with the instance that gave it, so the test knows
 * where each page's signaling socket and event stream landed and arranges the pages on different instances.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
  request as playwrightRequest,
} from 'playwright-core';
import { browserSkipReason, forwardWarnings, launchBrowser } from '../helpers/browser.ts';
import { type AppInstance, type ClusterDeployment, startClusterDeployment } from '../helpers/cluster-deployment.ts';
import { Client } from '../helpers/http.ts';
import { nginxSkipReason, UPSTREAM_HEADER } from '../helpers/nginx.ts';
import {
  DESKTOP,
  logIn,
  MiB,
  PHONE,
  readOnThePage,
  saveByLink,
  setFiles,
  sha256,
  type TestFile,
  waitFor,
} from '../helpers/p2p-flow.ts';
import { redisSkipReason } from '../helpers/redis.ts';
import { ADMIN } from '../helpers/server.ts';
import { SLOW_DISK, setDiskDelay } from '../helpers/slow-disk.ts';
import { openEventStream } from '../helpers/sse.ts';
import { type TestStore, testStores } from '../helpers/stores.ts';

const postgres: TestStore | undefined = testStores().find((store) => store.name === 'postgres');
if (!postgres) console.warn('\n*** SKIPPING scale-out tests: PHUPPI_TEST_PG_URL is not set ***\n');
const skip = browserSkipReason() || nginxSkipReason() || redisSkipReason() || (postgres ? false : 'no PostgreSQL');

/**
 * What nginx said about one page's traffic, read over the DevTools protocol: which instance answered each
 * signaling handshake (101) and each event stream, and every event the page's streams delivered.
 */
interface PageTraffic {
  sockets: string[];
  streams: string[];
  events: string[];
}

async function watchTraffic(page: Page): Promise<PageTraffic> {
  const traffic: PageTraffic = { sockets: [], streams: [], events: [] };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const upstreamOf = (headers: Record<string, string>) =>
    Object.entries(headers).find(([name]) => name.toLowerCase() === UPSTREAM_HEADER)?.[1] ?? '';
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ response }) => {
    if (response.status === 101) traffic.sockets.push(upstreamOf(response.headers));
  });
  cdp.on('Network.responseReceived', ({ response }) => {
    if (response.status === 200 && /\/events$/.test(new URL(response.url).pathname))
      traffic.streams.push(upstreamOf(response.headers));
  });
  cdp.on('Network.eventSourceMessageReceived', ({ eventName }) => traffic.events.push(eventName));
  return traffic;
}

describe('Three instances behind nginx on one PostgreSQL and one Redis', { skip, timeout: 240_000 }, () => {
  let cluster: ClusterDeployment;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  let ipCounter = 0;

  before(async () => {
    cluster = await startClusterDeployment({ count: 3, postgres: postgres! });
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'phuppi-scale-out-'));
  });
  // Each test's pages go with it: a page left open would keep reconnecting to instances later tests kill.
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  });
  after(async () => {
    await browser?.close();
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const instance = (name: string) => cluster.instances.find((i) => i.name === name)!;
  const diskFile = (name: string, data: Buffer): TestFile => {
    const file = path.join(dir, name);
    writeFileSync(file, data);
    return { name, data, path: file };
  };

  async function newContext(o: { phone: boolean; initScript?: string }): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: o.phone ? PHONE : DESKTOP,
      acceptDownloads: true,
      // nginx's certificate is self-signed for 127.0.0.1.
      ignoreHTTPSErrors: true,
      // Each device from its own address: nginx appends its peer (127.0.0.1, trusted like nginx) after it.
      extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${++ipCounter}` },
    });
    if (o.initScript) {
      await context.addInitScript(o.initScript);
      await readOnThePage(context);
    }
    contexts.push(context);
    return context;
  }

  /** The owner's page at `pathname` through nginx, logged in; with what nginx says about its traffic. */
  async function ownerPage(pathname: string, heading: string, initScript?: string) {
    const page = await (await newContext({ phone: false, initScript })).newPage();
    forwardWarnings(page, 'owner');
    page.on('dialog', (d) => void d.accept());
    const traffic = await watchTraffic(page);
    await page.goto(`${cluster.nginx.url}${pathname}`);
    if (page.url().includes('/login')) {
      await logIn(page);
      await page.waitForURL(`**${pathname}`);
    }
    await page.getByRole('heading', { name: heading }).waitFor();
    return { page, traffic };
  }

  async function guestPage(url: string, initScript?: string) {
    const page = await (await newContext({ phone: true, initScript })).newPage();
    forwardWarnings(page, 'guest');
    page.on('dialog', (d) => void d.accept());
    const traffic = await watchTraffic(page);
    await page.goto(url);
    return { page, traffic };
  }

  async function openReceiveSession(owner: Page) {
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    return {
      pin: (await owner.locator('#pin').textContent())!.trim(),
      path: new URL(await owner.locator('#share-url').inputValue()).pathname,
      token: new URL(owner.url()).pathname.split('/')[3]!,
    };
  }

  /** The instance that answered the page's latest signaling handshake or event stream (waits for one). */
  async function latest(traffic: PageTraffic, what: 'sockets' | 'streams'): Promise<AppInstance> {
    await waitFor(async () => traffic[what].length > 0, 20_000).catch(() => {
      throw new Error(`the page opened no ${what}: ${JSON.stringify(traffic)}`);
    });
    return cluster.instanceAt(traffic[what].at(-1));
  }

  /** An instance other than all of `taken`. */
  const otherThan = (...taken: AppInstance[]) => cluster.instances.find((i) => !taken.includes(i))!;

  test('all three, started at once on an empty PostgreSQL database, migrate it exactly once', async () => {
    const banners = cluster.instances.filter((i) => i.log().includes('Applied migrations:'));
    assert.equal(banners.length, 1, 'exactly one instance applied the migrations; the others found them done');
    const applied = /Applied migrations: (.*)/.exec(banners[0]!.log())![1]!.split(', ');
    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
      assert.deepEqual(
        rows.map((r) => r.name),
        applied,
        'each migration recorded once, as applied',
      );
      const users = await client.query<{ username: string }>('select username from users');
      assert.deepEqual(
        users.rows.map((r) => r.username),
        [ADMIN.username],
        'one administrator, not one per instance',
      );
    } finally {
      await client.end();
    }
    for (const i of cluster.instances) assert.equal((await fetch(`${i.url}/healthz`)).status, 200, i.name);
  });

  test('a script file an instance lacks (another version, during a rolling upgrade) is asked of each instance in turn', async () => {
    const asked = (upstream: string | undefined) => (upstream ?? '').split(',').map((u) => u.trim());
    const missing = await cluster.nginx.get(`/assets/receive-owner-${randomBytes(4).toString('hex')}.js`);
    assert.equal(missing.status, 404);
    assert.deepEqual(
      asked(missing.upstream).sort(),
      cluster.instances.map((i) => i.upstream).sort(),
      'every instance was asked once',
    );
    const missingApi = await cluster.nginx.get('/api/no-such-route');
    assert.equal(missingApi.status, 404);
    assert.equal(asked(missingApi.upstream).length, 1, 'elsewhere a 404 is the answer');
  });

  test('receive session: guests on other instances than the owner send files byte-identical; the owner sees them arrive live', async () => {
    const owner = await ownerPage('/p2p/receive', 'Receive files');
    const session = await openReceiveSession(owner.page);
    const stream = await latest(owner.traffic, 'streams');

    /** A guest whose page, API calls and signaling socket are all on `home`, sending one file. */
    const send = async (home: AppInstance, file: TestFile, arrived: number) => {
      const guest = await guestPage(home.url + session.path);
      await setFiles(guest.page.locator('input[type=file]'), [file]);
      await guest.page.getByLabel('PIN', { exact: true }).fill(session.pin);
      await guest.page.getByRole('button', { name: 'Send', exact: true }).click();
      await guest.page.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
      await owner.page.locator(`#download-all[data-count="${arrived}"]`).waitFor({ timeout: 15_000 });
      const { data } = await saveByLink(owner.page, file.name);
      assert.equal(sha256(data), sha256(file.data), `${file.name} byte-identical`);
    };
    // The owner's page opens its signaling socket when it first dials a guest, so the first guest shows where
    // it landed; the second guest is then arranged on an instance that holds neither the owner's event stream
    // nor its socket: its arrival crosses instances over Redis, and so does every signaling message.
    await send(otherThan(stream), diskFile('first-guest.bin', randomBytes(MiB)), 1);
    const socket = await latest(owner.traffic, 'sockets');
    const home = otherThan(stream, socket);
    await send(home, diskFile('across-instances.bin', randomBytes(3 * MiB)), 2);

    assert.deepEqual(
      owner.traffic.events.filter((e) => e === 'guest-verified').length,
      2,
      `both arrivals came down the owner's event stream: ${owner.traffic.events}`,
    );
    assert.equal(owner.traffic.streams.length, 1, 'the event stream never had to reopen (no polling)');
    assert.equal(owner.traffic.sockets.length, 1, "the owner's signaling socket never had to reopen");
    await owner.page.close();
  });

  test('share: the guest on another instance than the owner downloads a file byte-identical', async () => {
    const file = diskFile('shared-across.bin', randomBytes(3 * MiB));
    const owner = await ownerPage('/p2p', 'Send files');
    await setFiles(owner.page.locator('#file-input'), [file]);
    await owner.page.getByRole('button', { name: 'Create share' }).click();
    await owner.page.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const pin = (await owner.page.locator('#pin').textContent())!.trim();
    const sharePath = new URL(await owner.page.locator('#share-url').inputValue()).pathname;
    const guestHome = otherThan(await latest(owner.traffic, 'streams'));
    const guest = await guestPage(guestHome.url + sharePath);
    await guest.page.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.page.getByRole('button', { name: 'Get the files' }).click();

    await guest.page.getByText('Your file has arrived').waitFor({ timeout: 60_000 });
    const { data } = await saveByLink(guest.page, file.name);
    assert.equal(sha256(data), sha256(file.data), 'byte-identical');
    assert.ok(owner.traffic.events.includes('guest-verified'), `events: ${owner.traffic.events}`);
    await owner.page.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 15_000 });
    await owner.page.close();
  });

  test('the instance holding both signaling sockets is SIGKILLed mid-transfer: the transfer goes on, both pages reconnect through nginx to the others, and a second guest still joins', async () => {
    const [a, b, c] = [instance('A'), instance('B'), instance('C')];
    // Arranged: B and C are down while the pages open, so both pages' sockets land on A.
    await Promise.all([b.kill(), c.kill()]);
    const owner = await ownerPage('/p2p/receive', 'Receive files');
    const session = await openReceiveSession(owner.page);
    const file = diskFile('outlives-an-instance.bin', randomBytes(96 * MiB));
    const guest = await guestPage(cluster.nginx.url + session.path, SLOW_DISK);
    await setFiles(guest.page.locator('input[type=file]'), [file]);
    await guest.page.getByLabel('PIN', { exact: true }).fill(session.pin);
    await guest.page.getByRole('button', { name: 'Send', exact: true }).click();
    const ownerSocket = await latest(owner.traffic, 'sockets');
    const guestSocket = await latest(guest.traffic, 'sockets');
    assert.deepEqual([ownerSocket.name, guestSocket.name], ['A', 'A'], 'both signaling sockets on A');
    // The guest's disk crawls (1 MiB/s) while B and C start again, however long that takes here.
    await setDiskDelay(guest.page, 4000);
    await Promise.all([b.start(), c.start()]);
    await setDiskDelay(guest.page, 700);

    const bar = owner.page.locator('.guest-card [role=progressbar]').first();
    const percent = async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0);
    const atRestart = await percent();
    assert.ok(atRestart < 50, `the transfer has most of its way to go (${atRestart}%)`);
    await waitFor(async () => (await percent()) >= atRestart + 3, 60_000);

    await a.kill();
    const atKill = await percent();
    const card = owner.page.locator('.guest-card').first();
    const phases = new Set<string | null>();
    await waitFor(async () => {
      phases.add(await card.getAttribute('data-phase'));
      return owner.traffic.sockets.length > 1 && guest.traffic.sockets.length > 1;
    }, 30_000).catch(() => {
      const logs = [b, c].map(
        (i) =>
          `${i.name}: ${i
            .log()
            .split('\n')
            .filter((l) => /signal|peer/i.test(l))
            .slice(-10)
            .join('\n')}`,
      );
      throw new Error(
        `both pages did not reconnect: owner ${JSON.stringify(owner.traffic)}, guest ${JSON.stringify(guest.traffic)}\n${logs.join('\n')}\nnginx: ${cluster.nginx.errorLog().split('\n').slice(-15).join('\n')}`,
      );
    });
    const afterReconnect = await percent();
    console.log(`progress: ${atKill}% when A died, ${afterReconnect}% once both pages had reconnected`);
    assert.ok(afterReconnect > atKill, 'bytes kept arriving after A died');
    assert.deepEqual(phases, new Set(['receiving']), 'the owner never lost the connection to the guest');
    for (const traffic of [owner.traffic, guest.traffic])
      assert.notEqual(cluster.instanceAt(traffic.sockets.at(-1)), a, 'reconnected to B or C');

    await guest.page.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 90_000 });
    await owner.page.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    assert.equal(sha256((await saveByLink(owner.page, file.name)).data), sha256(file.data), 'byte-identical');
    // The owner's event stream reopened on a live instance, and the guest's `complete` landed.
    await waitFor(async () => owner.traffic.streams.length > 1, 30_000);
    assert.notEqual(cluster.instanceAt(owner.traffic.streams.at(-1)), a);
    const api = await new Client(b.url).login();
    await waitFor(
      async () => (await api.request('GET', `/api/p2p/receive/${session.token}/state`)).body.files?.length === 1,
      30_000,
    );

    const restartA = a.start();
    const second = diskFile('second-guest.txt', Buffer.from('the session outlived an instance\n'));
    const late = await guestPage(cluster.nginx.url + session.path);
    await setFiles(late.page.locator('input[type=file]'), [second]);
    await late.page.getByLabel('PIN', { exact: true }).fill(session.pin);
    await late.page.getByRole('button', { name: 'Send', exact: true }).click();
    await late.page.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
    await owner.page.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    assert.equal(sha256((await saveByLink(owner.page, second.name)).data), sha256(second.data));
    await restartA;
    await owner.page.close();
  });

  test('Redis SIGKILLed and started again: pages and the API keep answering through nginx, /healthz says so, and the instances recover without a restart', async () => {
    for (const i of cluster.instances) if (i.pid === null) await i.start(); // whatever an earlier test left
    const pids = cluster.instances.map((i) => i.pid);
    const api: APIRequestContext = await playwrightRequest.newContext({
      baseURL: cluster.nginx.url,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.77' },
    });
    try {
      await cluster.redis.stop();
      for (const pathname of ['/login', '/api/config/ice'])
        assert.equal((await cluster.nginx.get(pathname)).status, 200, `${pathname} during the outage`);
      const login = await api.post('/api/auth/login', { data: ADMIN });
      assert.equal(login.status(), 200, await login.text());
      const { csrfToken } = await login.json();
      const created = await api.post('/api/p2p/receive/create', { data: {}, headers: { 'x-csrf-token': csrfToken } });
      assert.equal(created.status(), 201, await created.text());

      for (const i of cluster.instances) {
        const health = await fetch(`${i.url}/healthz`);
        const body = await health.json();
        assert.equal(health.status, 200, 'still in service: nginx must not drop every instance at once');
        assert.deepEqual([body.status, body.redis], ['degraded', 'unreachable'], `${i.name}: ${JSON.stringify(body)}`);
        await waitFor(async () => i.log().includes('Redis unreachable'), 10_000);
      }

      await cluster.redis.start();
      for (const i of cluster.instances)
        await waitFor(async () => (await (await fetch(`${i.url}/healthz`)).json()).redis === 'ok', 20_000);
      const health = await cluster.nginx.get('/healthz');
      assert.equal(health.status, 200);
      assert.equal(JSON.parse(health.body).redis, 'ok');
      // /healthz asks the commands connection; each instance's subscriber connection comes back on its own backoff.
      const direct = new Redis(cluster.redis.url);
      try {
        await waitFor(async () => {
          const clients = String(await direct.call('CLIENT', 'LIST')).split('\n');
          return (
            clients.filter((c) => /name=phuppi-subscriber /.test(c) && !/ sub=0 /.test(c)).length ===
            cluster.instances.length
          );
        }, 20_000);
      } finally {
        direct.disconnect();
      }

      // The bus works again: a guest's PIN on B reaches the owner's event stream on A.
      const [a, b] = [instance('A'), instance('B')];
      const owner = await new Client(a.url).login();
      const session = (await owner.send('POST', '/api/p2p/receive/create', {})).body;
      const stream = await openEventStream(`${a.url}/api/p2p/receive/${session.token}/events`, {
        cookie: owner.cookie,
        'x-forwarded-for': owner.ip,
      });
      try {
        assert.equal((await stream.next())?.event, 'snapshot');
        const verified = await new Client(b.url).request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
          pin: session.pin,
        });
        assert.equal(verified.status, 200, JSON.stringify(verified.body));
        // Each instance announces its own return on the bus, and every announcement resyncs open streams with a
        // fresh snapshot: one may still come in here. The guest's event must come through the bus all the same.
        const deadline = Date.now() + 10_000;
        let event = await stream.next(10_000);
        while (event?.event === 'snapshot') event = await stream.next(Math.max(0, deadline - Date.now()));
        assert.equal(event?.event, 'guest-verified');
      } finally {
        stream.close();
      }
      assert.deepEqual(
        cluster.instances.map((i) => i.pid),
        pids,
        'no instance was restarted',
      );
    } finally {
      await api.dispose();
    }
  });
});
