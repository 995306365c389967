import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { openStore } from '../../src/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');

/** One sample's value from the Prometheus text, e.g. sample(text, 'phuppi_pin_failures_total{kind="receive"}'). */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

/** A signaling socket registered as an owner's page does: with a credential from `owner`. */
async function openSignaling(url: string, owner: Client): Promise<WebSocket> {
  const { peerId, token } = (await owner.send('POST', '/api/signaling/credential', {})).body as {
    peerId: string;
    token: string;
  };
  const socket = new WebSocket(
    `${url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${peerId}&token=${encodeURIComponent(token)}`,
    { headers: { cookie: owner.cookie } },
  );
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'OPEN') resolve(socket);
    });
  });
}

for (const store of testStores()) {
  describe(`operator endpoints (${store.name})`, () => {
    let server: TestServer;
    let plain: TestServer;
    before(async () => {
      server = await startTestServer({ PHUPPI_METRICS_TOKEN: TOKEN }, store);
      plain = await startTestServer({}, store);
    });
    after(async () => {
      await server.close();
      await plain.close();
    });

    test('GET /healthz: 200 ok with the database answering; no auth; loopback is never rate limited', async () => {
      for (const target of [server, plain]) {
        const response = await fetch(`${target.url}/healthz`);
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { status: 'ok', database: 'ok' });
        assert.equal(response.headers.get('cache-control'), 'no-store');
      }
      // No X-Forwarded-For: these come from 127.0.0.1 itself, like a local probe.
      for (let i = 0; i < 150; i++) assert.equal((await fetch(`${server.url}/healthz`)).status, 200, `probe ${i}`);
      // A client through the proxy is limited like on any public endpoint.
      const stranger = new Client(server.url);
      let limited = false;
      for (let i = 0; i < 150 && !limited; i++) limited = (await stranger.request('GET', '/healthz')).status === 429;
      assert.ok(limited, 'a remote burst meets 429');
    });

    test('GET /healthz behind a proxy this server does not trust: what the proxy forwards is limited, not a probe', async () => {
      const untrusting = await startTestServer({ PHUPPI_TRUST_PROXY: '' }, store);
      try {
        const viaProxy = { 'x-forwarded-for': '203.0.113.9' };
        let limited = false;
        for (let i = 0; i < 150 && !limited; i++)
          limited = (await fetch(`${untrusting.url}/healthz`, { headers: viaProxy })).status === 429;
        assert.ok(
          limited,
          "a burst through the proxy meets 429, though the connection comes from the proxy's 127.0.0.1",
        );
        assert.equal((await fetch(`${untrusting.url}/healthz`)).status, 200, 'a probe on this machine still passes');
      } finally {
        await untrusting.close();
      }
    });

    test('GET /metrics: 404 when no token is set; 401 without the right bearer token', async () => {
      const off = await new Client(plain.url).request('GET', '/metrics', undefined, {
        authorization: `Bearer ${TOKEN}`,
      });
      assert.equal(off.status, 404);
      assert.equal(off.body.code, 'NOT_FOUND');
      const client = new Client(server.url);
      for (const authorization of [
        undefined,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        `bearer ${TOKEN}`,
        `Basic ${TOKEN}`,
        TOKEN,
        'Bearer ',
      ]) {
        const response = await client.request(
          'GET',
          '/metrics',
          undefined,
          authorization === undefined ? {} : { authorization },
        );
        assert.equal(response.status, 401, String(authorization));
        assert.equal(response.body.code, 'UNAUTHORIZED');
        assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      }
    });

    test('GET /metrics counts requests by route pattern, sessions, peers, PINs, guests and files, and names no secret', async () => {
      const owner = await new Client(server.url).login();
      const receive = (await owner.send('POST', '/api/p2p/receive/create', { label: 'Label kept out of metrics' }))
        .body;
      const share = (
        await owner.send('POST', '/api/p2p/create', { files: [{ name: 'offered-secret-name.pdf', size: 5 }] })
      ).body;
      const locked = new Client(server.url);
      for (let i = 0; i < 3; i++)
        await locked.request('POST', `/api/p2p/receive/${receive.token}/verify-pin`, { pin: wrongPin(receive.pin) });
      const guest = new Client(server.url);
      const verified = await guest.request('POST', `/api/p2p/receive/${receive.token}/verify-pin`, {
        pin: receive.pin,
      });
      assert.equal(verified.body.valid, true);
      const files = [
        { name: 'very-secret-file-name.txt', size: 1000 },
        { name: 'second.bin', size: 24 },
      ];
      // Reported twice (a retry after a lost answer): the list replaces the earlier one and counts once.
      for (let report = 0; report < 2; report++) {
        const completed = await guest.request('POST', `/api/p2p/receive/${receive.token}/complete`, {
          ticket: verified.body.ticket,
          files,
        });
        assert.equal(completed.status, 200);
      }
      await guest.request('GET', `/p2p/receive/${receive.shortcode}`);
      const peers = [await openSignaling(server.url, owner), await openSignaling(server.url, owner)];

      const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      assert.equal(sample(text, 'phuppi_pin_failures_total{kind="receive"}'), 3);
      assert.equal(sample(text, 'phuppi_pin_locks_total{kind="receive",scope="address"}'), 1);
      assert.equal(sample(text, 'phuppi_guests_admitted_total{kind="receive"}'), 1);
      assert.equal(sample(text, 'phuppi_files_completed_total{kind="receive"}'), 2);
      assert.equal(sample(text, 'phuppi_completed_bytes_total{kind="receive"}'), 1024);
      assert.equal(sample(text, 'phuppi_active_sessions{kind="receive"}'), 1);
      assert.equal(sample(text, 'phuppi_active_sessions{kind="share"}'), 1);
      assert.equal(sample(text, 'phuppi_signaling_peers'), 2);
      assert.equal(
        sample(
          text,
          'phuppi_http_requests_total{route="/api/p2p/receive/:token/verify-pin",method="POST",status="200"}',
        ),
        4,
        '3 wrong PINs and the right one',
      );
      assert.equal(sample(text, 'phuppi_http_requests_total{route="/api/auth/login",method="POST",status="200"}'), 1);
      assert.ok(sample(text, 'phuppi_http_requests_total{route="/p2p/receive/:shortcode",method="GET",status="200"}'));
      assert.match(text, /^phuppi_process_cpu_seconds_total /m, 'process metrics too');
      for (const secret of [
        receive.token,
        receive.shortcode,
        share.token,
        share.shortcode,
        verified.body.ticket,
        owner.csrfToken,
        owner.cookie.split('=')[1]!,
        TOKEN,
        'very-secret-file-name',
        'offered-secret-name',
        'Label kept out',
        'peer-one-0001',
      ]) {
        assert.ok(!text.includes(secret), `metrics leak ${secret.slice(0, 12)}…`);
      }
      for (const peer of peers) peer.close();

      // Cancelling ends the session in the gauge.
      await owner.send('DELETE', `/api/p2p/receive/${receive.token}`);
      const after = await (
        await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      assert.equal(sample(after, 'phuppi_active_sessions{kind="receive"}'), 0);
    });
  });
}

test('PHUPPI_METRICS_TOKEN shorter than 16 characters stops the start with a clear line', () => {
  assert.throws(
    () => loadConfig({ PHUPPI_METRICS_TOKEN: 'short-token' }, { readDotenv: false }),
    /PHUPPI_METRICS_TOKEN must be at least 16 characters/,
  );
  assert.equal(loadConfig({}, { readDotenv: false }).metricsToken, null);
  assert.equal(loadConfig({ PHUPPI_METRICS_TOKEN: TOKEN }, { readDotenv: false }).metricsToken, TOKEN);
});

describe('GET /healthz when the database is down or unreachable', () => {
  const config = (databaseUrl: string) =>
    loadConfig(
      { PHUPPI_DATA_DIR: '/nonexistent-unused', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PHUPPI_STUN_PORT: '0' },
      { readDotenv: false },
    );

  /** A port with nothing listening: the connection is refused at once. */
  async function closedPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  test('a refused connection answers 503 with what is wrong, and no secret', async () => {
    const url = `postgres://phuppi:very-secret-pw@127.0.0.1:${await closedPort()}/phuppi`;
    const store = openStore({ dataDir: '/nonexistent-unused', databaseUrl: url });
    const app = await buildApp({ config: config(url), store, logger: false, signalingSecret: randomBytes(32) });
    try {
      // A browser that still has a login cookie gets the same answer: the session lookup is skipped here.
      const response = await app.inject({ method: 'GET', url: '/healthz', headers: { cookie: 'phuppi_session=abc' } });
      assert.equal(response.statusCode, 503);
      const body = response.json();
      assert.equal(body.status, 'error');
      assert.equal(body.database, 'unreachable');
      assert.equal(body.code, 'DATABASE_UNAVAILABLE');
      assert.equal(body.detail, 'ECONNREFUSED');
      assert.doesNotMatch(response.body, /very-secret-pw|phuppi@|127\.0\.0\.1/);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('on SQLite, a database that cannot be used answers 503 too', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-health-'));
    const store = openStore({ dataDir, databaseUrl: null });
    const app = await buildApp({
      config: loadConfig({ PHUPPI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PHUPPI_STUN_PORT: '0' }, { readDotenv: false }),
      store,
      logger: false,
      signalingSecret: randomBytes(32),
    });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      await store.close();
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().database, 'unreachable');
      assert.doesNotMatch(response.body, new RegExp(dataDir));
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a server that accepts and never answers gives 503 "timeout" instead of a hanging request', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `postgres://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/phuppi`;
    const store = openStore({ dataDir: '/nonexistent-unused', databaseUrl: url });
    const app = await buildApp({ config: config(url), store, logger: false, signalingSecret: randomBytes(32) });
    try {
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().database, 'timeout');
      assert.equal(response.json().code, 'DATABASE_UNAVAILABLE');
    } finally {
      for (const socket of sockets) socket.destroy();
      await app.close();
      await store.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
