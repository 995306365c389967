import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Cluster } from '../../src/server/cluster/cluster.ts';
import { localCluster } from '../../src/server/cluster/local-cluster.ts';
import { redisCluster } from '../../src/server/cluster/redis-cluster.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { redisSkipReason, startTestRedis, type TestRedis } from '../helpers/redis.ts';

const silent = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => silent,
  level: 'silent',
};
const log = silent as unknown as Parameters<typeof redisCluster>[1];

function nextMessage(cluster: Cluster, channel: string): Promise<unknown> {
  return new Promise((resolve) => {
    const stop = cluster.subscribe(channel, (message) => {
      stop();
      resolve(message);
    });
  });
}

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('REDIS_URL needs PostgreSQL and a redis:// URL', () => {
  const base = { PHUPPI_DATA_DIR: '/tmp/x' };
  assert.throws(() => loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }, { readDotenv: false }), {
    name: 'Error',
    message: /several instances.*PostgreSQL.*SQLite/,
  });
  const pg = { ...base, DATABASE_URL: 'postgres://u@127.0.0.1/db' };
  assert.throws(() => loadConfig({ ...pg, REDIS_URL: 'http://x' }, { readDotenv: false }), ConfigError);
  assert.equal(
    loadConfig({ ...pg, REDIS_URL: 'redis://127.0.0.1:1' }, { readDotenv: false }).redisUrl,
    'redis://127.0.0.1:1',
  );
  assert.equal(loadConfig(base, { readDotenv: false }).redisUrl, null);
});

test('the cluster of one process delivers to its own subscribers and always claims', async () => {
  const cluster = localCluster();
  assert.equal(await cluster.publish('hello', { n: 0 }), 0, 'nobody listens yet');
  const received = nextMessage(cluster, 'hello');
  assert.equal(await cluster.publish('hello', { n: 1 }), 1);
  assert.deepEqual(await received, { n: 1 });
  assert.equal(await cluster.claim('job', 1000), true);
  assert.equal(await cluster.settle('code', 'mine'), 'mine');
  assert.deepEqual(await cluster.health(), { redis: 'off' });
  await cluster.close();
});

describe('the Redis cluster', { skip: redisSkipReason() }, () => {
  let redis: TestRedis;
  let a: Cluster;
  let b: Cluster;
  before(async () => {
    redis = await startTestRedis();
    a = redisCluster(redis.url, log);
    b = redisCluster(redis.url, log);
    await until(async () => (await a.health()).redis === 'ok' && (await b.health()).redis === 'ok', 'Redis');
  });
  after(async () => {
    await a.close();
    await b.close();
    await redis.close();
  });

  test('a message published on one instance reaches the subscribers on another', async () => {
    const received = nextMessage(b, 'events');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the SUBSCRIBE reaches Redis
    assert.equal(await a.publish('events', { guest: 7 }), 1, 'one instance listens');
    assert.deepEqual(await received, { guest: 7 });
    assert.equal(await a.publish('nobody-listens', {}), 0);
  });

  test('a message its handler cannot take is dropped, and the bus goes on', async () => {
    const seen: unknown[] = [];
    const stopThrowing = b.subscribe('hostile', (message) => {
      for (const id of (message as { ids: string[] }).ids) seen.push(id); // null has no ids: throws
    });
    const stopSeeing = b.subscribe('hostile', (message) => seen.push(message));
    await b.subscribed('hostile');
    a.publish('hostile', null);
    a.publish('hostile', { ids: ['fine'] });
    await until(async () => seen.length >= 3, 'both messages');
    assert.deepEqual(seen, [null, 'fine', { ids: ['fine'] }]);
    stopThrowing();
    stopSeeing();
  });

  test('the first value proposed is the one every instance settles on', async () => {
    assert.equal(await a.settle('setup', 'from-a'), 'from-a');
    assert.equal(await b.settle('setup', 'from-b'), 'from-a');
  });

  test('a claim is won by one instance per period', async () => {
    const claims = await Promise.all([a.claim('cleanup', 60_000), b.claim('cleanup', 60_000)]);
    assert.deepEqual(claims.sort(), [false, true]);
  });

  test('an outage is reported, fails claims, and heals without a restart', async () => {
    let restoredOnB = 0;
    const stopWatching = b.onBusRestored(() => {
      restoredOnB += 1;
    });
    await redis.stop();
    assert.equal((await a.health()).redis, 'unreachable');
    assert.equal(await a.claim('during-outage', 60_000), false);
    await redis.start();
    await until(async () => (await a.health()).redis === 'ok', 'Redis back');
    // The subscriber resubscribed by itself: the bus works again.
    await until(async () => (await b.health()).redis === 'ok', 'Redis back for b');
    // Its listeners are told, so whoever follows state over the bus reloads what it missed.
    await until(async () => restoredOnB > 0, 'the bus-restored callback');
    stopWatching();
    let delivered = false;
    const stop = b.subscribe('after', () => {
      delivered = true;
    });
    await b.subscribed('after');
    await until(async () => {
      a.publish('after', {});
      return delivered;
    }, 'a message after the outage');
    stop();
  });
});
