/**
 * Three app instances in this process on one PostgreSQL database and one Redis: what one instance counts,
 * locks, streams or runs holds across all three, and a Redis outage degrades them without stopping them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { redisSkipReason, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import { startTestInstances, type TestServer } from '../helpers/server.ts';
import { openEventStream } from '../helpers/sse.ts';
import { testStores } from '../helpers/stores.ts';

const METRICS_TOKEN = 'scale-out-metrics-token';
const postgres = testStores().find((store) => store.name === 'postgres');
const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');

/** The same browser (address, login cookie, CSRF token) talking to another instance. */
function on(server: TestServer, client: Client): Client {
  const moved = new Client(server.url, client.ip);
  moved.cookie = client.cookie;
  moved.csrfToken = client.csrfToken;
  return moved;
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function metric(server: TestServer, name: string): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const line = (await response.text()).split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

/** The promise's value, or a failure (not a hung test) when it takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const health = async (server: TestServer) => {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('three instances on one PostgreSQL and one Redis', {
  skip: redisSkipReason() || (!postgres && 'PHUPPI_TEST_PG_URL is not set: no PostgreSQL to share'),
}, () => {
  let redis: TestRedis;
  let instances: Awaited<ReturnType<typeof startTestInstances>> | undefined;
  let servers: TestServer[];
  let owner: Client;
  const a = () => servers[0] as TestServer;
  const b = () => servers[1] as TestServer;
  const c = () => servers[2] as TestServer;

  before(async () => {
    redis = await startTestRedis();
    instances = await startTestInstances(3, postgres as NonNullable<typeof postgres>, {
      REDIS_URL: redis.url,
      PHUPPI_METRICS_TOKEN: METRICS_TOKEN,
    });
    servers = instances.servers;
    owner = await new Client(a().url).login();
  });
  after(async () => {
    await instances?.close();
    await redis?.close();
  });

  const createSession = async () => {
    const response = await owner.send('POST', '/api/p2p/receive/create', {});
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { token: string; shortcode: string; pin: string };
  };
  const verifyOn = (server: TestServer, guest: Client, token: string, pin: string) =>
    on(server, guest).request('POST', `/api/p2p/receive/${token}/verify-pin`, { pin });
  const streamOn = (server: TestServer, token: string, who = owner) =>
    openEventStream(`${server.url}/api/p2p/receive/${token}/events`, { cookie: who.cookie, 'x-forwarded-for': who.ip });

  test('the clean-up runs on one instance per interval, not on each', async () => {
    // Every instance asked at its start, within one interval: one ran it.
    const total = async () =>
      (await Promise.all(servers.map((server) => metric(server, 'phuppi_cleanup_runs_total')))).reduce((x, y) => x + y);
    await until(async () => (await total()) >= 1, 'a clean-up run');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the last start's claim has its answer too
    const runs = await Promise.all(servers.map((server) => metric(server, 'phuppi_cleanup_runs_total')));
    assert.deepEqual([...runs].sort(), [0, 0, 1], `runs per instance: ${runs}`);
  });

  test('3 wrong PINs spread over three instances lock the address', async () => {
    const session = await createSession();
    const guest = new Client(a().url);
    const answers = [];
    for (const server of servers)
      answers.push((await verifyOn(server, guest, session.token, wrongPin(session.pin))).body);
    assert.deepEqual(
      answers.map((answer) => [answer.attemptsRemaining, answer.locked]),
      [
        [2, false],
        [1, false],
        [0, true],
      ],
    );
    const right = await verifyOn(a(), guest, session.token, session.pin);
    assert.equal(right.status, 423);
    assert.equal(right.body.code, 'PIN_LOCKED');
    assert.equal(right.body.scope, 'address');
  });

  test('correct PINs from one address, spread over three instances, are admitted 10 a minute in all', async () => {
    const session = await createSession();
    const device = new Client(a().url);
    const answers = [];
    for (let i = 0; i < 11; i++)
      answers.push(await verifyOn(servers[i % 3] as TestServer, device, session.token, session.pin));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [...Array(10).fill(200), 429],
    );
    assert.equal(answers[10]?.body.code, 'TOO_MANY_ADMISSIONS');
  });

  test('sessions a user creates, spread over three instances, are counted 30 a minute in all', async () => {
    assert.equal(
      (await owner.send('POST', '/api/users', { username: 'teacher', password: 'teacher-password' })).status,
      201,
    );
    const teacher = await new Client(b().url).login('teacher', 'teacher-password');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push(
        (await on(servers[i % 3] as TestServer, teacher).send('POST', '/api/p2p/receive/create', {})).status,
      );
    assert.deepEqual(statuses, [...Array(30).fill(201), 429]);
  });

  test('a burst spread over three instances meets 429 at the same total as one instance would', async () => {
    // Logins: 10 a minute per address. Round robin, each instance alone would see only 4 of these 11.
    const guesser = new Client(a().url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const server = servers[i % 3] as TestServer;
      const response = await on(server, guesser).request('POST', '/api/auth/login', {
        username: 'admin',
        password: 'not-the-password',
      });
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
    // Per address: another device is unaffected.
    const stranger = new Client(b().url);
    assert.equal((await stranger.request('POST', '/api/auth/login', { username: 'x', password: 'y' })).status, 401);
  });

  test("the owner's stream on one instance sees, in order, what guests do on the others", async () => {
    const session = await createSession();
    const stream = await streamOn(a(), session.token);
    assert.equal(stream.status, 200);
    assert.equal((await stream.next())?.event, 'snapshot');

    const guest = new Client(b().url);
    const verified = await verifyOn(b(), guest, session.token, session.pin);
    const ticket = verified.body.ticket as string;
    const peerId = (await on(c(), guest).request('POST', `/api/p2p/receive/${session.token}/signaling`, { ticket }))
      .body.peerId as string;
    await on(c(), guest).request('POST', `/api/p2p/receive/${session.token}/connect`, { peerjs_id: peerId, ticket });
    await on(b(), guest).request('POST', `/api/p2p/receive/${session.token}/complete`, {
      ticket,
      files: [{ name: 'done.txt', size: 4 }],
    });
    await on(c(), owner).send('DELETE', `/api/p2p/receive/${session.token}`);

    const events = [];
    for (let event = await stream.next(); event; event = await stream.next()) events.push(event);
    assert.deepEqual(
      events.map((event) => event.event),
      ['guest-verified', 'guest-connected', 'guest-completed', 'session-ended'],
    );
    assert.equal(events[1]?.data.guest.peerId, peerId);
  });

  test('a logout on one instance ends the streams its login opened on another', async () => {
    const session = await createSession();
    const tab = await new Client(a().url, owner.ip).login();
    const stream = await streamOn(a(), session.token, tab);
    assert.equal((await stream.next())?.event, 'snapshot');
    assert.equal((await on(c(), tab).send('POST', '/api/auth/logout')).status, 200);
    assert.equal(await stream.next(), null, 'the stream on the other instance closed');
  });

  test('Redis hung: requests still answer, /healthz says so, and the delayed events arrive', async () => {
    const session = await createSession();
    const stream = await streamOn(a(), session.token);
    assert.equal((await stream.next())?.event, 'snapshot');
    redis.freeze();
    try {
      // A rate-limited route and a route that publishes an event: neither waits for the hung Redis for long.
      const login = await within(
        5000,
        new Client(b().url).request('POST', '/api/auth/login', { username: 'x', password: 'y' }),
        'a login',
      );
      assert.equal(login.status, 401);
      const guest = new Client(b().url);
      const verified = await within(5000, verifyOn(b(), guest, session.token, session.pin), 'a PIN check');
      assert.equal(verified.body.valid, true);
      const { status, body } = await within(5000, health(c()), '/healthz');
      assert.equal(status, 200);
      assert.equal(body.status, 'degraded');
      assert.equal(body.redis, 'unreachable');
    } finally {
      redis.thaw();
    }
    // The connection never dropped: what was sent meanwhile is delivered now.
    let event = await stream.next(10_000);
    while (event?.event === 'snapshot') event = await stream.next(10_000);
    assert.equal(event?.event, 'guest-verified');
    await until(async () => (await health(c())).body.status === 'ok', 'Redis answering again');
    stream.close();
  });

  test('Redis down: every instance serves, says so, and heals without a restart', async () => {
    const session = await createSession();
    const stream = await streamOn(a(), session.token);
    assert.equal((await stream.next())?.event, 'snapshot');
    for (const server of servers) assert.deepEqual((await health(server)).body.redis, 'ok');

    await redis.stop();
    for (const server of servers) {
      const { status, body } = await health(server);
      assert.equal(status, 200, 'a load balancer keeps the instances');
      assert.equal(body.status, 'degraded');
      assert.equal(body.database, 'ok');
      assert.equal(body.redis, 'unreachable');
      assert.equal(body.code, 'REDIS_UNAVAILABLE');
      assert.equal(await metric(server, 'phuppi_redis_up'), 0);
    }
    // Pages and the API answer (rate limits are not counted meanwhile).
    assert.equal((await new Client(b().url).request('GET', `/p2p/receive/${session.shortcode}`)).status, 200);
    assert.equal((await on(c(), owner).send('POST', '/api/p2p/receive/create', {})).status, 201);
    const late = await streamOn(b(), session.token);
    assert.equal(late.status, 200, 'a stream opens during the outage');
    assert.equal((await late.next())?.event, 'snapshot');
    late.close();
    // A guest on another instance: that event is lost for the stream on A. One on A itself still arrives.
    const away = new Client(b().url);
    assert.equal((await verifyOn(b(), away, session.token, session.pin)).body.valid, true);
    const near = new Client(a().url);
    assert.equal((await verifyOn(a(), near, session.token, session.pin)).body.valid, true);
    const nearEvent = await stream.next();
    assert.equal(nearEvent?.event, 'guest-verified');
    assert.equal(nearEvent?.data.guest.clientAddress, near.ip);

    await redis.start();
    await until(
      async () => (await Promise.all(servers.map(health))).every(({ body }) => body.status === 'ok'),
      'every instance reaching Redis again',
    );
    // The stream reloads what it missed: a fresh snapshot with the guest admitted on B.
    let resync = await stream.next(10_000);
    while (resync?.event === 'snapshot' && resync.data.session.guests.length < 2) resync = await stream.next(10_000);
    assert.equal(resync?.event, 'snapshot');
    assert.deepEqual(
      resync?.data.session.guests.map((g: { clientAddress: string }) => g.clientAddress).sort(),
      [away.ip, near.ip].sort(),
    );
    // And events from the other instances flow again.
    const later = new Client(c().url);
    assert.equal((await verifyOn(c(), later, session.token, session.pin)).body.valid, true);
    let next = await stream.next(10_000);
    while (next?.event === 'snapshot') next = await stream.next(10_000); // another instance's return, coalesced late
    assert.equal(next?.event, 'guest-verified');
    assert.equal(next?.data.guest.clientAddress, later.ip);
    assert.equal(await metric(a(), 'phuppi_redis_up'), 1);
    stream.close();
  });
});

describe('a fresh install on several instances', {
  skip: redisSkipReason() || (!postgres && 'PHUPPI_TEST_PG_URL is not set: no PostgreSQL to share'),
}, () => {
  test('every instance prints and accepts the same setup code', async () => {
    const redis = await startTestRedis();
    const instances = await startTestInstances(2, postgres as NonNullable<typeof postgres>, {
      REDIS_URL: redis.url,
      PHUPPI_ADMIN_USERNAME: '',
      PHUPPI_ADMIN_PASSWORD: '',
    });
    const [first, second] = instances.servers as [TestServer, TestServer];
    try {
      const code = first.running.setupCode;
      assert.ok(code);
      assert.equal(second.running.setupCode, code);
      const visitor = new Client(second.url);
      const setUp = await visitor.request('POST', '/api/setup', {
        setupCode: code,
        username: 'boss',
        password: 'boss-password',
      });
      assert.equal(setUp.status, 201, JSON.stringify(setUp.body));
      const late = await new Client(first.url).request('POST', '/api/setup', {
        setupCode: code,
        username: 'thief',
        password: 'thief-password',
      });
      assert.equal(late.body.code, 'ALREADY_SET_UP');
    } finally {
      await instances.close();
      await redis.close();
    }
  });
});
