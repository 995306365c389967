import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { BusHandler, Cluster, ClusterHealth } from './cluster.ts';

/** Every key and channel this app uses starts with this, so a Redis can be shared with other apps. */
export const KEY_PREFIX = 'phuppi:';
const PING_TIMEOUT_MS = 2000;

/** Reconnects forever, backing off to 2 s: Redis coming back must heal the instances without a restart. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2000);

function loggedConnection(url: string, role: string, log: FastifyBaseLogger, options: { failFast: boolean }): Redis {
  const redis = new Redis(url, {
    retryStrategy,
    // Commands fail at once while Redis is down (the caller degrades and logs), instead of piling up in memory.
    enableOfflineQueue: !options.failFast,
    maxRetriesPerRequest: options.failFast ? 0 : null,
    connectionName: `phuppi-${role}`,
  });
  let down = false;
  redis.on('error', (error: Error & { code?: string }) => {
    if (down) return; // ioredis repeats the error on every retry: one line per outage is enough
    down = true;
    log.error({ role, err: error.code ?? error.message }, 'Redis unreachable; retrying');
  });
  redis.on('ready', () => {
    if (down) log.warn({ role }, 'Redis reachable again');
    down = false;
  });
  return redis;
}

/** The cluster of every instance that uses the same Redis: pub/sub for the bus, `SET NX PX` for claims. */
export function redisCluster(url: string, log: FastifyBaseLogger): Cluster {
  const redis = loggedConnection(url, 'commands', log, { failFast: true });
  // A subscriber connection can do nothing else; its subscriptions survive reconnects (ioredis resubscribes).
  const subscriber = loggedConnection(url, 'subscriber', log, { failFast: false });
  const channels = new Map<string, Set<BusHandler>>();
  subscriber.on('message', (channel: string, text: string) => {
    const handlers = channels.get(channel.slice(KEY_PREFIX.length));
    if (!handlers) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      log.warn({ channel }, 'unreadable message on the Redis bus; dropped');
      return;
    }
    for (const handler of handlers) handler(message);
  });
  const instanceId = randomUUID();

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
        subscriber.subscribe(KEY_PREFIX + channel).catch((error: Error) => {
          log.warn({ channel, err: error.message }, 'Redis subscribe failed');
        });
      }
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
        if (handlers.size > 0 || channels.get(channel) !== handlers) return;
        channels.delete(channel);
        subscriber.unsubscribe(KEY_PREFIX + channel).catch(() => undefined); // gone with the connection anyway
      };
    },
    async claim(key, periodMs) {
      try {
        return (await redis.set(`${KEY_PREFIX}claim:${key}`, instanceId, 'PX', periodMs, 'NX')) === 'OK';
      } catch (error) {
        log.warn({ key, err: (error as Error).message }, 'Redis claim failed; skipping this run');
        return false;
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
      channels.clear();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
