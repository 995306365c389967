import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { BusHandler, Cluster, ClusterHealth } from './cluster.ts';

/** Every key and channel this app uses starts with this, so a Redis can be shared with other apps. */
export const KEY_PREFIX = 'phuppi:';
const PING_TIMEOUT_MS = 2000;
const COMMAND_TIMEOUT_MS = 1000;
/** How long a job at start waits for the first connection (a busy machine may take a while) before it skips. */
const FIRST_CONNECTION_WAIT_MS = 10_000;

/** Reconnects forever, backing off to 2 s: Redis coming back must heal the instances without a restart. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2000);
/** Where an instance whose commands reach Redis again says so: its publishes during the outage were lost. */
const RESTORED_CHANNEL = 'cluster:bus-restored';
/** Several instances come back within moments of each other: one reload for all of them. */
const RESTORE_DEBOUNCE_MS = 250;

function loggedConnection(
  url: string,
  role: string,
  log: FastifyBaseLogger,
  options: { failFast: boolean; onRestored: () => void },
): Redis {
  const redis = new Redis(url, {
    retryStrategy,
    // Commands fail at once while Redis is down (the caller degrades and logs), instead of piling up in memory,
    // and within a second while it is hung (the connection stays open, nothing answers): a request that
    // counts its rate limit or publishes an event must not hang with it.
    enableOfflineQueue: !options.failFast,
    maxRetriesPerRequest: options.failFast ? 0 : null,
    ...(options.failFast ? { commandTimeout: COMMAND_TIMEOUT_MS } : {}),
    connectionName: `phuppi-${role}`,
  });
  let reported = false; // the outage is in the log
  let lost = false; // the connection dropped since it was last ready
  redis.on('error', (error: Error & { code?: string }) => {
    if (reported) return; // ioredis repeats the error on every retry: one line per outage is enough
    reported = true;
    log.error(
      { role, err: error.code ?? error.message },
      'Redis unreachable; retrying. Meanwhile rate limits are not counted, owner events reach only streams on ' +
        'the same instance, and periodic jobs wait',
    );
  });
  redis.on('close', () => {
    lost = true;
  });
  redis.on('ready', () => {
    if (reported) log.warn({ role }, 'Redis reachable again');
    reported = false;
    if (!lost) return;
    lost = false;
    options.onRestored();
  });
  return redis;
}

/** The cluster of every instance that uses the same Redis: pub/sub for the bus, `SET NX PX` for claims. */
export function redisCluster(url: string, log: FastifyBaseLogger): Cluster {
  const restoredCallbacks = new Set<() => void>();
  let restoreTimer: NodeJS.Timeout | undefined;
  const restored = () => {
    if (restoreTimer) return;
    restoreTimer = setTimeout(() => {
      restoreTimer = undefined;
      for (const callback of restoredCallbacks) callback();
    }, RESTORE_DEBOUNCE_MS);
    restoreTimer.unref();
  };
  const redis = loggedConnection(url, 'commands', log, {
    failFast: true,
    onRestored: () => {
      redis.publish(KEY_PREFIX + RESTORED_CHANNEL, '{}').catch(() => undefined); // down again: it says so next time
    },
  });
  // A subscriber connection can do nothing else; its subscriptions survive reconnects (ioredis resubscribes on
  // the reconnect, before this PING, so once it answers every channel is listened to again).
  const subscriber = loggedConnection(url, 'subscriber', log, {
    failFast: false,
    onRestored: () => void subscriber.ping().then(restored, () => undefined),
  });
  const channels = new Map<string, Set<BusHandler>>();
  const ready = new Map<string, Promise<void>>();
  subscriber.on('message', (channel: string, text: string) => {
    if (channel === KEY_PREFIX + RESTORED_CHANNEL) return restored();
    const handlers = channels.get(channel.slice(KEY_PREFIX.length));
    if (!handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      log.warn({ channel }, 'unreadable message on the Redis bus; dropped');
      return;
    }
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        // Anyone who can write to the Redis can publish here: a message a handler cannot take costs only itself.
        log.warn(
          { channel, err: (error as Error).message },
          'a message on the Redis bus could not be handled; dropped',
        );
      }
    }
  });
  subscriber.subscribe(KEY_PREFIX + RESTORED_CHANNEL).catch(() => undefined); // ioredis retries it on reconnect
  const instanceId = randomUUID();
  // Commands fail fast, even while the first connection is still being made: a job that asks at start waits
  // for it (bounded) instead of skipping its first run.
  const firstConnection = new Promise<void>((resolve) => {
    redis.once('ready', resolve);
    setTimeout(resolve, FIRST_CONNECTION_WAIT_MS).unref();
  });

  return {
    instanceId,
    redis,
    publish(channel, message) {
      // PUBLISH answers how many subscriber connections got it: one per instance listening on the channel.
      return redis.publish(KEY_PREFIX + channel, JSON.stringify(message)).catch((error: Error) => {
        log.warn({ channel, err: error.message }, 'Redis publish failed; message lost');
        return 0;
      });
    },
    subscribe(channel, handler) {
      let handlers = channels.get(channel);
      if (!handlers) {
        handlers = new Set();
        channels.set(channel, handlers);
        const subscribing = subscriber.subscribe(KEY_PREFIX + channel).then(
          () => undefined,
          (error: Error) => log.warn({ channel, err: error.message }, 'Redis subscribe failed'),
        );
        ready.set(channel, subscribing);
      }
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size > 0 || channels.get(channel) !== handlers) return;
        channels.delete(channel);
        ready.delete(channel);
        subscriber.unsubscribe(KEY_PREFIX + channel).catch(() => undefined); // gone with the connection anyway
      };
    },
    subscribed: (channel) => ready.get(channel) ?? Promise.resolve(),
    onBusRestored(callback) {
      restoredCallbacks.add(callback);
      return () => restoredCallbacks.delete(callback);
    },
    async claim(key, periodMs) {
      await firstConnection;
      try {
        return (await redis.set(`${KEY_PREFIX}claim:${key}`, instanceId, 'PX', periodMs, 'NX')) === 'OK';
      } catch (error) {
        log.warn({ key, err: (error as Error).message }, 'Redis claim failed; skipping this run');
        return false;
      }
    },
    async settle(key, proposal) {
      await firstConnection;
      const stored = `${KEY_PREFIX}settled:${key}`;
      try {
        await redis.set(stored, proposal, 'NX');
        return (await redis.get(stored)) ?? proposal;
      } catch (error) {
        log.warn({ key, err: (error as Error).message }, 'Redis unreachable; this instance keeps its own value');
        return proposal;
      }
    },
    async health(): Promise<ClusterHealth> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<ClusterHealth>((resolve) => {
        timer = setTimeout(
          () => resolve({ redis: 'unreachable', detail: `no answer within ${PING_TIMEOUT_MS} ms` }),
          PING_TIMEOUT_MS,
        );
      });
      const ping = redis.ping().then(
        (): ClusterHealth => ({ redis: 'ok' }),
        (error: Error): ClusterHealth => ({ redis: 'unreachable', detail: error.name }),
      );
      try {
        return await Promise.race([ping, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      clearTimeout(restoreTimer);
      restoredCallbacks.clear();
      channels.clear();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
