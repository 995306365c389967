/**
 * The real process (`node src/server/server.ts`): a clean exit on SIGTERM with event streams, signaling sockets
 * and a request in flight; a `kill -9` in the middle of activity that loses nothing acknowledged; and a refused
 * configuration that stops the start with one line.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import WebSocket from 'ws';
import { Client } from '../helpers/http.ts';
import { ADMIN } from '../helpers/server.ts';
import { openEventStream } from '../helpers/sse.ts';
import { type TestStore, testStores } from '../helpers/stores.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = path.join(ROOT, 'src/server/server.ts');
/** Far above the 2 s a shutdown should take, and above the process's own 5 s last resort (which exits 1). */
const EXIT_BOUND_MS = 15_000;

/**
 * The child's whole environment: a free port on loopback, no STUN, and every other setting empty, so that a
 * developer's .env (which never overrides a variable already set) cannot change what is tested.
 */
const ISOLATED_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  PORT: '0',
  HOST: '127.0.0.1',
  PHUPPI_STUN_PORT: '0',
  DATABASE_URL: '',
  PHUPPI_BASE_URL: '',
  PHUPPI_TRUST_PROXY: '',
  PHUPPI_HTTPS: '',
  PHUPPI_TLS_CERT: '',
  PHUPPI_TLS_KEY: '',
  PHUPPI_ICE_SERVERS: '',
};

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Starts the server as `npm start` would run it (from source), and resolves once it prints its address. */
async function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      ...ISOLATED_ENV,
      LOG_LEVEL: 'warn',
      PHUPPI_ADMIN_USERNAME: ADMIN.username,
      PHUPPI_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = exitOf(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed within 60 s:\n${output}`)), 60_000);
    const look = () => {
      const port = /http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => reject(new Error(`the server exited while starting:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

function withinBound<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} not within ${EXIT_BOUND_MS} ms`)), EXIT_BOUND_MS).unref(),
    ),
  ]);
}

/** A PeerJS client's signaling socket, registered with a credential `owner` asked for, open once the server has said OPEN. */
async function openSignaling(url: string, owner: Client): Promise<{ socket: WebSocket; closed: Promise<void> }> {
  const { peerId, token } = (await owner.send('POST', '/api/signaling/credential', {})).body as {
    peerId: string;
    token: string;
  };
  const socket = new WebSocket(
    `${url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${peerId}&token=${encodeURIComponent(token)}`,
    { headers: { cookie: owner.cookie } },
  );
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'OPEN') resolve({ socket, closed });
    });
  });
}

/** A POST whose body is only half sent: the request is in flight until `finish` sends the rest. */
function halfSentLogin(url: string): { finish(): void; response: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ username: ADMIN.username, password: ADMIN.password });
  const req = httpRequest(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (error) => resolve({ status: 0, body: error.message })); // cut: no answer
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { finish: () => req.end(body.slice(half)), response };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('configuration refused by the process', () => {
  test('PHUPPI_TRUST_PROXY=true stops the start with one configuration line and exit code 2', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-refused-'));
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      cwd: ROOT,
      env: { ...ISOLATED_ENV, PHUPPI_TRUST_PROXY: 'true', PHUPPI_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = exitOf(child);
    const { code } = await withinBound(exited, 'exit').finally(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    });
    assert.equal(code, 2, stderr);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, /^Configuration error: PHUPPI_TRUST_PROXY=true .*hop count.*addresses\/CIDRs/);
  });
});

for (const store of testStores()) {
  describe(`the server process (${store.name})`, () => {
    let dataDir: string;
    let database: Awaited<ReturnType<TestStore['create']>>;
    let env: Record<string, string>;
    const running: ServerProcess[] = [];
    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-process-'));
      database = await store.create();
      env = { PHUPPI_DATA_DIR: dataDir, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
    });
    after(async () => {
      for (const server of running)
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await Promise.all(running.map((server) => server.exited));
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const start = async () => {
      const server = await startProcess(env);
      running.push(server);
      return server;
    };

    test('SIGTERM with an owner event stream, signaling sockets and a request in flight: all end, exit 0', async (t) => {
      const server = await start();
      const owner = await new Client(server.url).login();
      const session = (await owner.send('POST', '/api/p2p/receive/create', { label: 'open at shutdown' })).body as {
        token: string;
      };
      const events = await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, {
        cookie: owner.cookie,
      });
      assert.equal(events.status, 200);
      assert.equal((await events.next())?.event, 'snapshot');
      const ownerPeer = await openSignaling(server.url, owner);
      const guestPeer = await openSignaling(server.url, owner);
      const inFlight = halfSentLogin(server.url);
      await pause(200); // the half-sent request has reached the server

      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await pause(200); // the server is closing while the request still waits for its body
      inFlight.finish();

      const { code, signal } = await withinBound(server.exited, 'exit after SIGTERM');
      t.diagnostic(`exited ${Date.now() - signalled} ms after SIGTERM`);
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, server.output());
      assert.equal((await inFlight.response).status, 200, 'the request in flight was answered');
      await withinBound(Promise.all([ownerPeer.closed, guestPeer.closed]), 'signaling sockets closed');
      assert.equal(await withinBound(events.next(EXIT_BOUND_MS), 'event stream ended'), null, 'the event stream ended');
      events.close();
      assert.doesNotMatch(server.output(), /"level":(50|60)/, 'no error logged while closing');
    });

    test('kill -9 in the middle of activity: the store opens intact and every acknowledged session is as it was', async () => {
      const first = await start();
      const owner = await new Client(first.url).login();
      type Created = { token: string; shortcode: string; pin: string; label: string };
      const acknowledged: Created[] = [];
      const admitted = new Map<string, number>();
      let stop = false;
      let n = 0;
      // Several writers at once (sessions, PIN checks that admit guests), until the process is killed under them.
      const writer = async () => {
        while (!stop) {
          const label = `session ${++n}`;
          try {
            const created = await owner.send('POST', '/api/p2p/receive/create', { label });
            if (created.status !== 201) continue;
            acknowledged.push({ ...created.body, label });
            const verified = await new Client(first.url).request(
              'POST',
              `/api/p2p/receive/${created.body.token}/verify-pin`,
              { pin: created.body.pin },
            );
            if (verified.body?.valid === true) admitted.set(created.body.token, 1);
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const writers = Promise.all([writer(), writer(), writer(), writer()]);
      const deadline = Date.now() + EXIT_BOUND_MS;
      while (acknowledged.length < 20 && Date.now() < deadline) await pause(20);
      assert.ok(acknowledged.length >= 20, first.output());
      first.child.kill('SIGKILL');
      const { signal } = await withinBound(first.exited, 'death by SIGKILL');
      stop = true;
      await writers;
      assert.equal(signal, 'SIGKILL');

      if (store.name === 'sqlite') {
        const file = new SQLite(path.join(dataDir, 'phuppi.db'));
        try {
          assert.equal(file.pragma('integrity_check', { simple: true }), 'ok');
        } finally {
          file.close();
        }
      }

      const second = await start();
      const again = await new Client(second.url).login();
      const listed = (await again.request('GET', '/api/p2p/receive')).body.sessions as Array<{
        token: string;
        shortcode: string;
        pin: string;
        label: string;
        status: string;
        guests: unknown[];
      }>;
      const byToken = new Map(listed.map((s) => [s.token, s]));
      for (const session of acknowledged) {
        const found = byToken.get(session.token);
        assert.ok(found, `session ${session.label} was acknowledged and is gone`);
        assert.deepEqual(
          { shortcode: found.shortcode, pin: found.pin, label: found.label, status: found.status },
          { shortcode: session.shortcode, pin: session.pin, label: session.label, status: 'active' },
        );
        if (admitted.has(session.token))
          assert.ok(found.guests.length >= 1, `the guest admitted to ${session.label} is gone`);
        const shown = await new Client(second.url).request('GET', `/api/p2p/receive/${session.token}`);
        assert.equal(shown.status, 200);
      }
      second.child.kill('SIGTERM');
      assert.equal((await withinBound(second.exited, 'exit after SIGTERM')).code, 0, second.output());
    });
  });
}
