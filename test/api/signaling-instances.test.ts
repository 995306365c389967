/**
 * Signaling with several instances on one PostgreSQL and one Redis: a peer on one instance reaches a peer on
 * another, the newest registration of an id wins, hang-ups and per-address caps hold across instances, and a
 * Redis outage leaves each instance's own signaling working.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { migrateToLatest, openStore } from '../../src/server/db/index.ts';
import { Client } from '../helpers/http.ts';
import { sharedDatabaseSkipReason, startInstances, type TestInstances } from '../helpers/instances.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { redisSkipReason, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import type { TestServer } from '../helpers/server.ts';
import { type Credential, closed, closing, openSocket, ownerSocket, registered } from '../helpers/signaling-socket.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let addressCounter = 0;
const freshAddress = () => `198.18.0.${++addressCounter}`;

/** Waits until `socket` has received a message of `type` and returns it. */
async function nextOfType(socket: { messages: any[] }, type: string, after = 0): Promise<any> {
  for (let i = 0; i < 250; i++) {
    const found = socket.messages.slice(after).find((m) => m.type === type);
    if (found) return found;
    await sleep(20);
  }
  throw new Error(`no ${type} within 5 s; got ${JSON.stringify(socket.messages.map((m) => m.type))}`);
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const skip = redisSkipReason() || sharedDatabaseSkipReason();

describe('signaling across instances', { skip }, () => {
  let redis: TestRedis;
  let instances: TestInstances;
  let a: TestServer;
  let b: TestServer;
  let c: TestServer;
  /** The admin logged in once; the login works on every instance (it lives in the database). */
  let owners: Client[];
  const { lines: logLines, logger } = captureLogs();
  const ownerOn = (server: TestServer) => owners[instances.servers.indexOf(server)] as Client;
  const credentialFrom = async (server: TestServer, peerId?: string): Promise<Credential> => {
    const answer = await ownerOn(server).send('POST', '/api/signaling/credential', peerId ? { peerId } : {});
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return { ...answer.body, cookie: ownerOn(server).cookie };
  };

  before(async () => {
    redis = await startTestRedis();
    instances = await startInstances(3, { redisUrl: redis.url, logger });
    [a, b, c] = instances.servers as [TestServer, TestServer, TestServer];
    for (const server of instances.servers)
      await until(async () => (await server.running.app.cluster.health()).redis === 'ok', 'Redis');
    const first = await new Client(a.url).login();
    owners = instances.servers.map((server) => {
      const owner = new Client(server.url, first.ip);
      owner.cookie = first.cookie;
      owner.csrfToken = first.csrfToken;
      return owner;
    });
  });
  after(async () => {
    await instances?.close();
    await redis?.close();
  });

  test('instances started together migrate once and share one signaling key', async () => {
    const applied = instances.servers.flatMap((server) => server.running.appliedMigrations).sort();
    const store = openStore({ dataDir: a.dataDir, databaseUrl: instances.databaseUrl });
    try {
      assert.deepEqual(await migrateToLatest(store), [], 'nothing left to apply');
      const recorded = await store.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      assert.deepEqual(applied, (recorded as Array<{ name: string }>).map((r) => r.name).sort(), 'each applied once');
    } finally {
      await store.close();
    }
    // A credential issued by A opens a socket on B and C.
    const credential = await credentialFrom(a);
    for (const server of [b, c]) (await registered(server, credential)).ws.close();
  });

  test('OFFER, ANSWER, CANDIDATE and LEAVE reach a peer on another instance, with the sender as src', async () => {
    const onA = await credentialFrom(a);
    const onB = await credentialFrom(b);
    const x = await registered(a, onA);
    const y = await registered(b, onB);
    const offer = { sdp: { type: 'offer', sdp: 'v=0\r\n' }, type: 'data', connectionId: 'dc_1' };
    x.ws.send(JSON.stringify({ type: 'OFFER', dst: onB.peerId, payload: offer, src: 'spoofed' }));
    assert.deepEqual(await nextOfType(y, 'OFFER'), { type: 'OFFER', src: onA.peerId, dst: onB.peerId, payload: offer });
    const answer = { sdp: { type: 'answer', sdp: 'v=0\r\n' }, type: 'data', connectionId: 'dc_1' };
    y.ws.send(JSON.stringify({ type: 'ANSWER', dst: onA.peerId, payload: answer }));
    assert.deepEqual(await nextOfType(x, 'ANSWER'), {
      type: 'ANSWER',
      src: onB.peerId,
      dst: onA.peerId,
      payload: answer,
    });
    const candidate = { candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host' }, connectionId: 'dc_1' };
    y.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: onA.peerId, payload: candidate }));
    assert.deepEqual((await nextOfType(x, 'CANDIDATE')).payload, candidate);
    x.ws.send(JSON.stringify({ type: 'LEAVE', dst: onB.peerId }));
    assert.deepEqual(await nextOfType(y, 'LEAVE'), { type: 'LEAVE', src: onA.peerId, dst: onB.peerId });
    // Several messages in a row keep their order across the bus.
    const before = y.messages.length;
    for (let i = 0; i < 20; i++)
      x.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: onB.peerId, payload: { candidate: { n: i } } }));
    await until(async () => y.messages.length >= before + 20, 'twenty candidates');
    assert.deepEqual(
      y.messages.slice(before).map((m) => m.payload.candidate.n),
      Array.from({ length: 20 }, (_, i) => i),
    );
    for (const s of [x, y]) s.ws.close();
  });

  test('a message to a peer on no instance is answered EXPIRE at once, also when its instance died', async () => {
    const sender = await registered(a, await credentialFrom(a));
    const never = (await credentialFrom(a)).peerId;
    sender.ws.send(JSON.stringify({ type: 'OFFER', dst: never, payload: { sdp: 'x' } }));
    assert.deepEqual(await nextOfType(sender, 'EXPIRE'), { type: 'EXPIRE', src: never });
    // The directory still names an instance that is gone (killed before its entry expired): not swallowed.
    const orphan = (await credentialFrom(a)).peerId;
    const direct = new Redis(redis.url);
    try {
      await direct.set(`phuppi:peer:${orphan}`, '00000000-dead-4000-8000-000000000000/1', 'PX', 30_000);
      const seen = sender.messages.length;
      sender.ws.send(JSON.stringify({ type: 'OFFER', dst: orphan, payload: { sdp: 'x' } }));
      assert.deepEqual(await nextOfType(sender, 'EXPIRE', seen), { type: 'EXPIRE', src: orphan });
      // It comes back on B: the newest registration wins over the dead one, and messages reach it.
      const back = await registered(b, await credentialFrom(b, orphan));
      const offer = { sdp: 'y' };
      sender.ws.send(JSON.stringify({ type: 'OFFER', dst: orphan, payload: offer }));
      assert.deepEqual((await nextOfType(back, 'OFFER')).payload, offer);
      back.ws.close();
    } finally {
      direct.disconnect();
    }
    sender.ws.close();
  });

  test('an id registered again on another instance moves there; the older socket is closed', async () => {
    const credential = await credentialFrom(a);
    const older = await registered(a, credential);
    const newer = await registered(b, await credentialFrom(b, credential.peerId));
    assert.equal(await closed(older.ws), 1000, 'the socket on A is told it was replaced');
    const sender = await registered(c, await credentialFrom(c));
    const payload = { sdp: 'to the newest' };
    sender.ws.send(JSON.stringify({ type: 'OFFER', dst: credential.peerId, payload }));
    assert.deepEqual((await nextOfType(newer, 'OFFER')).payload, payload);
    assert.equal(older.messages.filter((m) => m.type === 'OFFER').length, 0);
    // The older socket's close did not unregister the newer one.
    await sleep(200);
    sender.ws.send(JSON.stringify({ type: 'OFFER', dst: credential.peerId, payload }));
    await until(async () => newer.messages.filter((m) => m.type === 'OFFER').length === 2, 'a second OFFER');
    for (const s of [newer, sender]) s.ws.close();
  });

  test('a socket whose id another registration took over closes at the next refresh, even if no one told it', async () => {
    const credential = await credentialFrom(a);
    const held = await registered(a, credential);
    const direct = new Redis(redis.url);
    try {
      // As if the notice from the newer registration's instance was lost (published during a bus outage).
      await direct.set(`phuppi:peer:${credential.peerId}`, `${b.running.app.cluster.instanceId}/999`, 'PX', 30_000);
    } finally {
      direct.disconnect();
    }
    assert.equal(await closed(held.ws), 1000);
  });

  test("hanging up on A closes a guest's socket on B", async () => {
    const session = (await ownerOn(a).send('POST', '/api/p2p/receive/create', {})).body;
    const prefix = `/api/p2p/receive/${session.token}`;
    const guest = new Client(b.url);
    const ticket = (await guest.request('POST', `${prefix}/verify-pin`, { pin: session.pin })).body.ticket;
    const credential = (await guest.request('POST', `${prefix}/signaling`, { ticket })).body as Credential;
    const { ws } = await registered(b, credential);
    assert.equal(
      (await guest.request('POST', `${prefix}/connect`, { peerjs_id: credential.peerId, ticket })).status,
      200,
    );
    const guestId = (await ownerOn(a).send('GET', `${prefix}/state`)).body.guests[0].id;
    assert.equal((await ownerOn(a).send('DELETE', `${prefix}/guests/${guestId}`)).status, 200);
    assert.equal(await closed(ws), 1008);
  });

  test("disabling a user on A closes that user's own signaling socket on B", async () => {
    const user = { username: 'on-instance-b', password: 'instance-b-password' };
    assert.equal((await ownerOn(a).send('POST', '/api/users', user)).status, 201);
    const owner = await new Client(b.url, freshAddress()).login(user.username, user.password);
    const ended = closing(await ownerSocket(b, owner));
    const { id } = (await owner.request('GET', '/api/auth/me')).body;
    assert.equal((await ownerOn(a).send('PATCH', `/api/users/${id}`, { disabled: true })).status, 200);
    assert.deepEqual(await ended, { code: 1008, reason: 'login ended' });
  });

  test('open sockets and new sockets per address are capped across the instances', async () => {
    const flooder = freshAddress();
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 32; i++) {
      const server = instances.servers[i % 3] as TestServer;
      sockets.push((await registered(server, await credentialFrom(server), { 'x-forwarded-for': flooder })).ws);
    }
    for (const server of instances.servers) {
      const { peerId, token } = await credentialFrom(server);
      const over = await openSocket(server, { id: peerId, token }, { 'x-forwarded-for': flooder });
      assert.ok('refused' in over && over.refused === 429, 'a 33rd socket is refused on every instance');
      assert.equal(over.body.code, 'TOO_MANY_SOCKETS');
    }
    sockets.pop()?.close();
    await sleep(200);
    const again = await registered(c, await credentialFrom(c), { 'x-forwarded-for': flooder });
    for (const ws of [...sockets, again.ws]) ws.close();

    const hammer = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) {
      const server = instances.servers[i % 3] as TestServer;
      const opened = await openSocket(server, { id: 'x', token: 'y' }, { 'x-forwarded-for': hammer });
      statuses.push('refused' in opened ? opened.refused : 101);
    }
    assert.deepEqual([...new Set(statuses.slice(0, 120))], [401]);
    assert.equal(statuses[120], 429, 'the 121st upgrade in a minute is refused, wherever it lands');
  });

  test('what arrives over the bus is bounded like a client frame; a hung Redis cannot pile up messages', async () => {
    const target = await credentialFrom(b);
    const y = await registered(b, target);
    const sender = (await credentialFrom(a)).peerId;
    const direct = new Redis(redis.url);
    try {
      const channel = `phuppi:signaling:instance:${b.running.app.cluster.instanceId}`;
      const envelope = (message: object) => JSON.stringify({ kind: 'relay', from: 'x', message });
      const before = logLines.length;
      for (const message of [
        { type: 'OPEN', src: sender, dst: target.peerId },
        { type: 'OFFER', src: '../x', dst: target.peerId, payload: {} },
        { type: 'OFFER', src: sender, dst: target.peerId },
        { type: 'OFFER', src: sender, dst: target.peerId, payload: { sdp: 'v'.repeat(70 * 1024) } },
        {
          type: 'OFFER',
          src: sender,
          dst: target.peerId,
          payload: JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`),
        },
      ])
        await direct.publish(channel, envelope(message));
      await direct.publish(channel, 'not json');
      await direct.publish(channel, JSON.stringify({ kind: 'replaced', peerId: '../x', registration: 1 }));
      await until(async () => logLines.length - before >= 6, 'a log line per malformed bus message');
      assert.deepEqual(
        y.messages.map((m) => m.type),
        ['OPEN'],
        'nothing malformed reached the socket',
      );
      assert.equal(y.ws.readyState, WebSocket.OPEN);

      // Redis stops answering: messages for a peer elsewhere wait, but only so many per socket.
      const x = await registered(a, await credentialFrom(a));
      await direct.call('CLIENT', 'PAUSE', '3000', 'ALL');
      for (let i = 0; i < 300; i++)
        x.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: target.peerId, payload: { candidate: { n: i } } }));
      assert.equal(await closed(x.ws), 1008, 'the socket with too many messages waiting is closed');
      await direct.ping(); // answered once the pause is over
    } finally {
      direct.disconnect();
    }
    y.ws.close();
  });

  test('with Redis down each instance still relays between its own sockets, caps per instance; then it heals', async () => {
    const xCredential = await credentialFrom(a);
    const x = await registered(a, xCredential);
    const yCredential = await credentialFrom(a);
    await redis.stop();
    try {
      const before = logLines.length;
      const y = await registered(a, yCredential, { 'x-forwarded-for': freshAddress() });
      assert.ok(
        logLines.slice(before).some((line) => line.includes('per-address caps hold per instance')),
        'the degraded caps are logged',
      );
      x.ws.send(JSON.stringify({ type: 'OFFER', dst: yCredential.peerId, payload: { sdp: 'local' } }));
      assert.deepEqual((await nextOfType(y, 'OFFER')).payload, { sdp: 'local' });
      const elsewhere = (await credentialFrom(a)).peerId;
      x.ws.send(JSON.stringify({ type: 'OFFER', dst: elsewhere, payload: { sdp: 'x' } }));
      assert.deepEqual(await nextOfType(x, 'EXPIRE'), { type: 'EXPIRE', src: elsewhere });
      y.ws.close();
    } finally {
      await redis.start();
    }
    for (const server of instances.servers)
      await until(async () => (await server.running.app.cluster.health()).redis === 'ok', 'Redis back');
    const onC = await credentialFrom(c);
    // The subscriber reconnects on its own schedule: retry until the relay works again.
    await until(async () => {
      const y = await registered(c, onC);
      x.ws.send(JSON.stringify({ type: 'OFFER', dst: onC.peerId, payload: { sdp: 'healed' } }));
      await sleep(300);
      y.ws.close();
      return y.messages.some((m) => m.type === 'OFFER');
    }, 'relay across instances after the outage');
    // Redis came back empty: x's registration is written back by A's next refresh, and x is reachable again.
    const zCredential = await credentialFrom(c);
    const z = await registered(c, zCredential);
    await until(
      async () => {
        z.ws.send(JSON.stringify({ type: 'OFFER', dst: xCredential.peerId, payload: { sdp: 'written back' } }));
        await sleep(500);
        return x.messages.some((m) => m.type === 'OFFER' && m.src === zCredential.peerId);
      },
      'the registration written back',
      15_000,
    );
    z.ws.close();
    x.ws.close();
  });
});
