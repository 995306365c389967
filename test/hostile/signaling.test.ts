/**
 * The signaling server (/peerjs) against hostile clients: malformed frames, strangers without a credential,
 * socket floods, forged server messages, cross-origin pages; plus who gets TURN credentials.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { SignalingCredentials } from '../../src/server/signaling/credentials.ts';
import { turnCredential } from '../../src/server/signaling/turn.ts';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { bundleForBrowser, openHarness } from '../helpers/harness.ts';
import { Client } from '../helpers/http.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { type Credential, closed, openSocket, registered } from '../helpers/signaling-socket.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake device address per caller (the test server trusts X-Forwarded-For). */
let addressCounter = 0;
const freshAddress = () => `203.0.113.${++addressCounter}`;

describe('signaling server against hostile clients', () => {
  let server: TestServer;
  let owner: Client;
  const { lines: logLines, logger } = captureLogs();
  const ownerCredential = async (peerId?: string): Promise<Credential> => {
    const answer = await owner.send('POST', '/api/signaling/credential', peerId ? { peerId } : {});
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return { ...answer.body, cookie: owner.cookie };
  };

  before(async () => {
    server = await startTestServer({}, undefined, { logger });
    owner = await new Client(server.url).login();
  });
  after(async () => {
    await server?.close();
  });

  test('malformed frames close only that socket, with a log line; the process and other sockets live', async () => {
    const bystander = await registered(server, await ownerCredential());
    const frames: Array<[string, string | Buffer, { binary: boolean }]> = [
      ['x', 'x', { binary: false }],
      ['null', 'null', { binary: false }],
      ['[]', '[]', { binary: false }],
      ['a number', '42', { binary: false }],
      ['a string', '"OFFER"', { binary: false }],
      ['an unknown type', JSON.stringify({ type: 'NOPE', dst: 'abc' }), { binary: false }],
      ['OFFER without a payload', JSON.stringify({ type: 'OFFER', dst: 'abc' }), { binary: false }],
      [
        'a destination that is no peer id',
        JSON.stringify({ type: 'CANDIDATE', dst: '../x', payload: {} }),
        { binary: false },
      ],
      ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }],
      ['a binary frame', Buffer.from([1, 2, 3]), { binary: true }],
      [
        'a frame over 64 KiB',
        JSON.stringify({ type: 'OFFER', dst: 'abc', payload: { sdp: 'v'.repeat(70 * 1024) } }),
        { binary: false },
      ],
    ];
    for (const [name, frame, options] of frames) {
      const before = logLines.length;
      const { ws } = await registered(server, await ownerCredential());
      ws.send(frame, options);
      const code = await closed(ws);
      assert.ok([1007, 1008, 1009].includes(code), `${name}: closed with ${code}`);
      for (let i = 0; i < 50 && logLines.length === before; i++) await sleep(20);
      assert.ok(logLines.length > before, `${name}: a log line`);
    }
    assert.equal(bystander.ws.readyState, WebSocket.OPEN, 'the other socket is untouched');
    assert.equal((await fetch(`${server.url}/api/config/ice`)).status, 200, 'the server still answers');
    bystander.ws.close();
  });

  test('admission: no, forged, expired or foreign tokens, bad ids, a foreign key or origin are refused at the upgrade', async () => {
    const credential = await ownerCredential();
    const other = await ownerCredential();
    const stored = await server.running.store.db
      .selectFrom('app_secrets')
      .select('value')
      .where('name', '=', 'signaling')
      .executeTakeFirstOrThrow();
    const keys = new SignalingCredentials(Buffer.from(stored.value, 'hex'));
    const expired = keys.token(credential.peerId, { owner: 1 }, Math.floor(Date.now() / 1000) - 3600).token;
    const cases: Array<[string, Record<string, string>, Record<string, string>, number]> = [
      ['no token', { id: credential.peerId }, {}, 401],
      ['a made-up token', { id: credential.peerId, token: 'b' }, {}, 401],
      [
        'a forged token',
        { id: credential.peerId, token: `${Math.floor(Date.now() / 1000) + 60}.o.${'0'.repeat(32)}` },
        {},
        401,
      ],
      ['an expired token', { id: credential.peerId, token: expired }, {}, 401],
      ["another id's token", { id: credential.peerId, token: other.token }, {}, 401],
      // An owner's token passed off as a guest's, which needs no login: the MAC covers the letter.
      ['a changed holder kind', { id: credential.peerId, token: credential.token.replace('.o.', '.g.') }, {}, 401],
      ['an id of any length', { id: 'a'.repeat(65), token: credential.token }, {}, 400],
      ['an id with other characters', { id: 'a b<', token: credential.token }, {}, 400],
      ['another key', { id: credential.peerId, token: credential.token, key: 'other' }, {}, 400],
      ['a foreign origin', { id: credential.peerId, token: credential.token }, { origin: 'http://evil.example' }, 403],
      ['origin "null"', { id: credential.peerId, token: credential.token }, { origin: 'null' }, 403],
    ];
    for (const [name, query, headers, status] of cases) {
      const opened = await openSocket(server, query, { 'x-forwarded-for': freshAddress(), ...headers });
      assert.ok('refused' in opened, `${name}: refused`);
      assert.equal(opened.refused, status, name);
      assert.equal(typeof opened.body.code, 'string', `${name}: {error, code}`);
    }
    const sameOrigin = await registered(server, credential, { origin: server.url });
    sameOrigin.ws.close();
  });

  test("an owner's credential opens a socket only with a live login of that owner", async () => {
    const credential = await ownerCredential();
    const other = new Client(server.url);
    assert.equal(
      (await owner.send('POST', '/api/users', { username: 'signal-other', password: 'other-password-1' })).status,
      201,
    );
    await other.login('signal-other', 'other-password-1');
    const ended = await new Client(server.url).login();
    const endedCookie = ended.cookie;
    assert.equal((await ended.send('POST', '/api/auth/logout')).status, 200);
    const address = freshAddress();
    const cookies: Array<[string, string | undefined]> = [
      ['no login cookie', undefined],
      ["another user's login", other.cookie],
      ['a login that has ended', endedCookie],
      ['a made-up login cookie', 'phuppi_session=not-a-login'],
    ];
    // More refusals than an address may hold sockets: a refused socket must not stay counted.
    for (let round = 0; round < 9; round++)
      for (const [name, cookie] of cookies) {
        const opened = await openSocket(
          server,
          { id: credential.peerId, token: credential.token },
          { 'x-forwarded-for': address, ...(cookie ? { cookie } : {}) },
        );
        assert.ok('refused' in opened, `${name}: refused`);
        assert.equal(opened.refused, 401, name);
        assert.equal(opened.body.code, 'UNAUTHORIZED', name);
      }
    const owned = await registered(server, credential, { 'x-forwarded-for': address });
    owned.ws.close();
  });

  test('one address cannot fill the server: open sockets and new sockets per address are capped', async () => {
    const flooder = freshAddress();
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 32; i++)
      sockets.push((await registered(server, await ownerCredential(), { 'x-forwarded-for': flooder })).ws);
    const over = await openSocket(server, await ownerCredential().then((c) => ({ id: c.peerId, token: c.token })), {
      'x-forwarded-for': flooder,
    });
    assert.ok('refused' in over && over.refused === 429, 'the 33rd socket from one address is refused');
    const someoneElse = await registered(server, await ownerCredential(), { 'x-forwarded-for': freshAddress() });
    someoneElse.ws.close();
    sockets.pop()!.close();
    await sleep(100);
    const again = await registered(server, await ownerCredential(), { 'x-forwarded-for': flooder });
    for (const ws of [...sockets, again.ws]) ws.close();

    const hammer = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      const opened = await openSocket(server, { id: 'x', token: 'y' }, { 'x-forwarded-for': hammer });
      statuses.push('refused' in opened ? opened.refused : 101);
    }
    assert.deepEqual([...new Set(statuses.slice(0, 120))], [401]);
    assert.equal(statuses[120], 429, 'more than 120 upgrades a minute from one address are refused');
  });

  test('relay: only HEARTBEAT, OFFER, ANSWER, CANDIDATE, LEAVE; forged EXPIRE/OPEN/ID-TAKEN/ERROR never reach the owner', async () => {
    const ownerCred = await ownerCredential();
    const target = await registered(server, ownerCred);
    const guestCred = await ownerCredential();
    const guest = await registered(server, guestCred);
    for (const type of ['EXPIRE', 'OPEN', 'ID-TAKEN', 'ERROR'])
      guest.ws.send(JSON.stringify({ type, dst: ownerCred.peerId, payload: { msg: 'forged' } }));
    guest.ws.send(
      JSON.stringify({
        type: 'OFFER',
        dst: ownerCred.peerId,
        payload: { sdp: 'v=0', connectionId: 'dc_1' },
        src: 'spoofed',
        extra: 1,
      }),
    );
    for (let i = 0; i < 50 && target.messages.length < 2; i++) await sleep(20);
    await sleep(200);
    assert.deepEqual(
      target.messages.map((m) => m.type),
      ['OPEN', 'OFFER'],
      'the owner got its OPEN and the relayed OFFER only',
    );
    const offer = target.messages[1];
    assert.equal(offer.src, guestCred.peerId, 'src is set by the server, not by the sender');
    assert.equal(offer.extra, undefined, 'unknown fields are not relayed');
    assert.equal(guest.ws.readyState, WebSocket.OPEN, 'a dropped server-only type does not close the socket');
    for (const s of [target, guest]) s.ws.close();
  });

  test('a message to an id that is not online is answered EXPIRE at once and held nowhere', async () => {
    const sender = await registered(server, await ownerCredential());
    const absent = (await ownerCredential()).peerId; // issued, never brought online
    const offer = {
      type: 'OFFER',
      dst: absent,
      payload: { sdp: { type: 'offer', sdp: 'x'.repeat(60_000) }, connectionId: 'dc_1' },
    };
    for (let i = 0; i < 20; i++) sender.ws.send(JSON.stringify(offer));
    for (let i = 0; i < 50 && sender.messages.length < 21; i++) await sleep(20);
    assert.deepEqual(sender.messages.slice(1, 3), [
      { type: 'EXPIRE', src: absent },
      { type: 'EXPIRE', src: absent },
    ]);
    assert.equal(sender.ws.readyState, WebSocket.OPEN);
    // The id comes online later: nothing of the earlier offers was kept for it.
    const late = await registered(server, await ownerCredential(absent));
    await sleep(300);
    assert.deepEqual(
      late.messages.map((m) => m.type),
      ['OPEN'],
    );
    for (const s of [sender, late]) s.ws.close();
  });

  test('a newer socket for the same id takes it over (a page reconnecting before the old socket timed out)', async () => {
    const credential = await ownerCredential();
    const first = await registered(server, credential);
    const renewed = await ownerCredential(credential.peerId);
    assert.equal(renewed.peerId, credential.peerId);
    const second = await registered(server, renewed);
    assert.equal(await closed(first.ws), 1000);
    assert.equal(second.ws.readyState, WebSocket.OPEN);
    second.ws.close();
  });

  test('credentials: owners need a login and CSRF; nobody renews an id issued to someone else', async () => {
    const anonymous = new Client(server.url);
    assert.equal((await anonymous.request('POST', '/api/signaling/credential', {})).status, 401);
    assert.equal((await owner.request('POST', '/api/signaling/credential', {})).body.code, 'CSRF');
    const made = await anonymous.request('POST', '/api/signaling/credential', {}, { 'x-csrf-token': owner.csrfToken });
    assert.equal(made.status, 401);
    const foreign = await owner.send('POST', '/api/signaling/credential', {
      peerId: `${'0'.repeat(24)}-${'0'.repeat(32)}`,
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'BAD_PEER_ID');
  });

  for (const [kind, prefix, create] of [
    ['receive', '/api/p2p/receive', {}],
    ['share', '/api/p2p', { files: [{ name: 'a.txt', size: 1, type: 'text/plain' }] }],
  ] as const) {
    test(`${kind}: a guest gets a credential only with a valid ticket, and connect takes only the id issued to that ticket`, async () => {
      const session = (await owner.send('POST', `${prefix}/create`, create)).body;
      const guest = new Client(server.url);
      const ticket = (await guest.request('POST', `${prefix}/${session.token}/verify-pin`, { pin: session.pin })).body
        .ticket;
      const otherTicket = (
        await new Client(server.url).request('POST', `${prefix}/${session.token}/verify-pin`, { pin: session.pin })
      ).body.ticket;
      const url = `${prefix}/${session.token}/signaling`;
      assert.equal((await guest.request('POST', url, { ticket: 'f'.repeat(64) })).status, 403);
      const credential = (await guest.request('POST', url, { ticket })).body as Credential;
      assert.match(credential.peerId, /^[0-9a-f]{24}-[0-9a-f]{32}$/);
      const other = (await guest.request('POST', url, { ticket: otherTicket })).body as Credential;
      assert.equal(
        (await guest.request('POST', url, { ticket, peerId: other.peerId })).body.code,
        'BAD_PEER_ID',
        "another guest's id",
      );
      assert.equal(
        (await guest.request('POST', url, { ticket, peerId: credential.peerId })).body.peerId,
        credential.peerId,
        'renewal keeps the id',
      );
      const connect = `${prefix}/${session.token}/connect`;
      assert.equal(
        (await guest.request('POST', connect, { peerjs_id: 'chosen-by-guest', ticket })).body.code,
        'BAD_PEER_ID',
      );
      assert.equal(
        (await guest.request('POST', connect, { peerjs_id: other.peerId, ticket })).body.code,
        'BAD_PEER_ID',
      );
      assert.equal((await guest.request('POST', connect, { peerjs_id: credential.peerId, ticket })).status, 200);
      (await registered(server, credential)).ws.close();
      assert.equal((await owner.send('DELETE', `${prefix}/${session.token}`)).status, 200);
      assert.equal((await guest.request('POST', url, { ticket })).status, 410, 'no credential once the session ended');
    });
  }

  test("a guest's signaling socket closes when its ticket ends: removed, a new PIN, the session cancelled", async () => {
    const session = (await owner.send('POST', '/api/p2p/receive/create', {})).body;
    const prefix = `/api/p2p/receive/${session.token}`;
    /** A guest with a ticket, registered with signaling and announced to the server, as its page would be. */
    const onlineGuest = async () => {
      const guest = new Client(server.url);
      const ticket = (await guest.request('POST', `${prefix}/verify-pin`, { pin: session.pin })).body.ticket;
      const credential = (await guest.request('POST', `${prefix}/signaling`, { ticket })).body as Credential;
      const { ws } = await registered(server, credential);
      const connect = await guest.request('POST', `${prefix}/connect`, { peerjs_id: credential.peerId, ticket });
      assert.equal(connect.status, 200, JSON.stringify(connect.body));
      return { ws, peerId: credential.peerId };
    };
    const guestIdOf = async (peerId: string) =>
      (await owner.send('GET', `${prefix}/state`)).body.guests.find((g: any) => g.peerId === peerId).id as number;

    const removed = await onlineGuest();
    const kept = await onlineGuest();
    assert.equal((await owner.send('DELETE', `${prefix}/guests/${await guestIdOf(removed.peerId)}`)).status, 200);
    assert.equal(await closed(removed.ws), 1008, 'the removed guest is hung up on');
    assert.equal(kept.ws.readyState, WebSocket.OPEN, 'the other guest keeps its socket');

    const reset = await owner.send('POST', `${prefix}/reset-pin`);
    assert.equal(reset.status, 200);
    assert.equal(await closed(kept.ws), 1008, 'a new PIN hangs up on every earlier ticket');

    session.pin = reset.body.pin;
    const last = await onlineGuest();
    assert.equal((await owner.send('DELETE', prefix)).status, 200);
    assert.equal(await closed(last.ws), 1008, 'a cancelled session hangs up on its guests');
    const ownerSocket = await registered(server, await ownerCredential());
    assert.equal(ownerSocket.ws.readyState, WebSocket.OPEN, "the owner's own signaling is untouched");
    ownerSocket.ws.close();
  });

  test('/peerjs HTTP answers: security headers, no X-Powered-By, no CORS, {error, code}, rate limited', async () => {
    for (const [method, url] of [
      ['GET', '/peerjs'],
      ['GET', '/peerjs/peerjs/id'],
      ['GET', '/peerjs/peerjs/peers'],
      ['OPTIONS', '/peerjs/peerjs/id'],
    ] as const) {
      const response = await fetch(server.url + url, {
        method,
        headers: {
          origin: 'http://evil.example',
          'access-control-request-method': 'GET',
          'x-forwarded-for': freshAddress(),
        },
      });
      assert.equal(response.status, 404, `${method} ${url}`);
      assert.equal(response.headers.get('x-powered-by'), null);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      if (method === 'GET') assert.equal(typeof (await response.json()).code, 'string');
    }
    const address = freshAddress();
    let last = 0;
    for (let i = 0; i < 121; i++)
      last = (await fetch(`${server.url}/peerjs/peerjs/id`, { headers: { 'x-forwarded-for': address } })).status;
    assert.equal(last, 429);
  });
});

describe('signaling across a server restart', () => {
  test('the key survives: a page renews the token of the id it has and registers it again', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-restart-'));
    try {
      const first = await startTestServer({}, undefined, { dataDir });
      const credential = (await (await new Client(first.url).login()).send('POST', '/api/signaling/credential', {}))
        .body as Credential;
      await first.close();
      const second = await startTestServer({}, undefined, { dataDir });
      try {
        const owner = await new Client(second.url).login();
        const renewed = await owner.send('POST', '/api/signaling/credential', { peerId: credential.peerId });
        assert.equal(renewed.status, 200);
        assert.equal(renewed.body.peerId, credential.peerId);
        const login = { cookie: owner.cookie };
        (await registered(second, renewed.body, login)).ws.close();
        (await registered(second, credential, login)).ws.close(); // a token issued before the restart still opens
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the signaling key of an earlier version', () => {
  test('a key file left in the data dir is imported into the database, so issued ids stay valid', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-key-file-'));
    const key = randomBytes(32);
    writeFileSync(path.join(dataDir, 'signaling.key'), `${key.toString('hex')}\n`, { mode: 0o600 });
    const server = await startTestServer({}, undefined, { dataDir });
    try {
      const owner = await new Client(server.url).login();
      const me = (await owner.send('GET', '/api/auth/me')).body;
      const issuedBefore = new SignalingCredentials(key).issuePeerId({ owner: me.id });
      const renewed = await owner.send('POST', '/api/signaling/credential', { peerId: issuedBefore });
      assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
      (await registered(server, renewed.body, { cookie: owner.cookie })).ws.close();
      const stored = await server.running.store.db.selectFrom('app_secrets').select('value').executeTakeFirstOrThrow();
      assert.equal(stored.value, key.toString('hex'));
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('TURN credentials', () => {
  test('TURN REST scheme (coturn use-auth-secret): a fixed vector', () => {
    assert.deepEqual(turnCredential('north-star-shared-secret', 'alice', 3600, 1_700_000_000), {
      username: '1700003600:alice',
      credential: 't/H/RD+/heK+Mf9uLSmjBBwacLo=',
    });
  });

  test('configuration: URLs and secret together, turn:/turns: URLs only, TTL bounded; one-line errors', () => {
    const load = (env: Record<string, string>) => loadConfig(env, { readDotenv: false });
    assert.equal(load({}).turn, null);
    assert.deepEqual(
      load({ PHUPPI_TURN_URLS: 'turn:t.example:3478, turns:t.example:5349', PHUPPI_TURN_SECRET: 's'.repeat(16) }).turn,
      {
        urls: ['turn:t.example:3478', 'turns:t.example:5349'],
        secret: 's'.repeat(16),
        ttlSeconds: 86400,
      },
    );
    for (const env of <Array<Record<string, string>>>[
      { PHUPPI_TURN_URLS: 'turn:t.example' },
      { PHUPPI_TURN_SECRET: 's'.repeat(16) },
      { PHUPPI_TURN_URLS: 'http://t.example', PHUPPI_TURN_SECRET: 's'.repeat(16) },
      { PHUPPI_TURN_URLS: 'turn:t.example', PHUPPI_TURN_SECRET: 'short' },
      { PHUPPI_TURN_URLS: 'turn:t.example', PHUPPI_TURN_SECRET: 's'.repeat(16), PHUPPI_TURN_TTL: '5' },
    ]) {
      assert.throws(
        () => load(env),
        (e: unknown) => e instanceof ConfigError && /^PHUPPI_TURN_/.test(e.message) && !e.message.includes('\n'),
      );
    }
  });

  test('TURN entries and passwords go to credential holders only, never to GET /api/config/ice', async () => {
    const server = await startTestServer({
      PHUPPI_ICE_SERVERS: JSON.stringify([
        { urls: ['stun:s.example:3478', 'turn:static.example:3478'], username: 'u', credential: 'static-pass' },
      ]),
      PHUPPI_TURN_URLS: 'turn:t.example:3478',
      PHUPPI_TURN_SECRET: 'north-star-shared-secret',
      PHUPPI_TURN_TTL: '600',
    });
    try {
      const open = await (await fetch(`${server.url}/api/config/ice`)).json();
      assert.deepEqual(open, { iceServers: [{ urls: ['stun:s.example:3478'] }] });
      const credential = (await (await new Client(server.url).login()).send('POST', '/api/signaling/credential', {}))
        .body as Credential;
      assert.deepEqual(credential.iceServers[0], {
        urls: ['stun:s.example:3478', 'turn:static.example:3478'],
        username: 'u',
        credential: 'static-pass',
      });
      const turn = credential.iceServers[1]!;
      assert.deepEqual(turn.urls, ['turn:t.example:3478']);
      const [expiry, id] = turn.username!.split(':');
      assert.equal(id, credential.peerId);
      assert.ok(Math.abs(Number(expiry) - (Date.now() / 1000 + 600)) < 30);
      assert.equal(
        turn.credential,
        turnCredential('north-star-shared-secret', credential.peerId, 600, Number(expiry) - 600).credential,
      );
      assert.equal(credential.iceTransportPolicy, 'all', 'direct connections unless the operator says relay');
    } finally {
      await server.close();
    }
  });

  test('relay-only policy (PHUPPI_ICE_TRANSPORT_POLICY=relay) comes with every credential, owner and guest', async () => {
    const server = await startTestServer({
      PHUPPI_TURN_URLS: 'turn:t.example:3478',
      PHUPPI_TURN_SECRET: 'north-star-shared-secret',
      PHUPPI_ICE_TRANSPORT_POLICY: 'relay',
    });
    try {
      const owner = await new Client(server.url).login();
      const ownerCredential = (await owner.send('POST', '/api/signaling/credential', {})).body as Credential;
      assert.equal(ownerCredential.iceTransportPolicy, 'relay');
      for (const [prefix, create] of [
        ['/api/p2p/receive', {}],
        ['/api/p2p', { files: [{ name: 'a.txt', size: 1, type: 'text/plain' }] }],
      ] as const) {
        const session = (await owner.send('POST', `${prefix}/create`, create)).body;
        const guest = new Client(server.url);
        const { ticket } = (await guest.request('POST', `${prefix}/${session.token}/verify-pin`, { pin: session.pin }))
          .body;
        const credential = (await guest.request('POST', `${prefix}/${session.token}/signaling`, { ticket }))
          .body as Credential;
        assert.equal(credential.iceTransportPolicy, 'relay', prefix);
        assert.ok(
          credential.iceServers.some((s) => s.username?.endsWith(`:${credential.peerId}`)),
          'a TURN credential',
        );
      }
    } finally {
      await server.close();
    }
  });
});

describe('signaling in real pages (Chromium)', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let script: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-pages-'));
  before(async () => {
    server = await startTestServer({}, undefined, { dataDir });
    browser = await launchBrowser({ harness: true });
    script = await bundleForBrowser(fileURLToPath(new URL('./fixtures/keeper-page.ts', import.meta.url)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function keeperPage(refuseInbound: boolean): Promise<{ page: Page; id: string }> {
    const page = await browser.newPage();
    await openHarness(page, server.url, script, `keeper-${Math.random().toString(36).slice(2)}`);
    const id = await page.evaluate((refuse) => (window as any).keeperPage.start(refuse), refuseInbound);
    return { page, id };
  }

  test("a peer-unavailable error fails only the dial it names (a stranger's EXPIRE or an absent id no longer aborts every dial)", async () => {
    const owner = await keeperPage(true);
    const silent = await new Client(server.url).login();
    const silentCredential = (await silent.send('POST', '/api/signaling/credential', {})).body as Credential;
    // Registered, never answers an offer.
    const silentSocket = await registered(server, silentCredential, { cookie: silent.cookie });
    const absentId = `${'a'.repeat(24)}-${'b'.repeat(32)}`;
    const outcome = await owner.page.evaluate(([s, a]) => (window as any).keeperPage.dialBoth(s, a), [
      silentCredential.peerId,
      absentId,
    ] as const);
    assert.equal(outcome.absent, `failed: Could not connect to peer ${absentId}`);
    assert.equal(outcome.silentAtThatMoment, 'pending', 'the other dial goes on');
    silentSocket.ws.close();
    await owner.page.close();
  });

  test("owner pages refuse inbound connections (PeerJS would answer any offer to the owner's id)", async () => {
    const owner = await keeperPage(true);
    const stranger = await keeperPage(false);
    assert.equal(
      await stranger.page.evaluate((id) => (window as any).keeperPage.connectRaw(id, 8000), owner.id),
      'not open',
    );
    const guest = await keeperPage(false);
    assert.equal(
      await owner.page.evaluate((id) => (window as any).keeperPage.connectRaw(id, 15_000), guest.id),
      'open',
      'the owner still dials out',
    );
    for (const p of [owner, stranger, guest]) await p.page.close();
  });

  test('after a server restart each page registers its SAME id again, and the open data channel never closed', {
    timeout: 120_000,
  }, async () => {
    const owner = await keeperPage(true);
    const guest = await keeperPage(false);
    assert.equal(
      await owner.page.evaluate((id) => (window as any).keeperPage.connectRaw(id, 15_000), guest.id),
      'open',
    );
    const port = new URL(server.url).port;
    await server.close();
    await sleep(1500);
    assert.equal(await owner.page.evaluate(() => (window as any).keeperPage.onlineId()), null, 'signaling is down');
    server = await startTestServer({ PORT: port }, undefined, { dataDir });
    assert.equal(await owner.page.evaluate(() => (window as any).keeperPage.whenOnline()), owner.id);
    assert.equal(await guest.page.evaluate(() => (window as any).keeperPage.whenOnline()), guest.id);
    assert.equal(
      await owner.page.evaluate(() => (window as any).keeperPage.channelOpen()),
      true,
      'the data channel survived',
    );
    await owner.page.evaluate(() => (window as any).keeperPage.send([1, 2, 3]));
    await guest.page.waitForFunction(() => (window as any).keeperPage.received().length > 0);
    assert.deepEqual(await guest.page.evaluate(() => (window as any).keeperPage.received()), [[1, 2, 3]]);
    const third = await keeperPage(false);
    assert.equal(
      await owner.page.evaluate((id) => (window as any).keeperPage.connectRaw(id, 15_000), third.id),
      'open',
      'dialing works through the new server',
    );
    for (const p of [owner, guest, third]) await p.page.close();
  });
});
