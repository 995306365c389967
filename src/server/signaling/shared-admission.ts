import type { Redis } from 'ioredis';
import { KEY_PREFIX } from '../cluster/redis-cluster.ts';
import { chunks, redisScript } from '../cluster/redis-script.ts';

/** How long an open socket counts after its instance last refreshed it: a crashed instance's sockets stop counting. */
export const OPEN_SOCKET_TTL_MS = 30_000;
const MINUTE_MS = 60_000;

/**
 * The per-address admission counts every instance shares, so a device cannot get N times the caps by being
 * spread over N instances. Open sockets are a sorted set per address of socket ids scored by when they stop
 * counting: adding checks the cap in the same atomic step, closing removes the id, and the instance holding a
 * socket pushes its score forward while it lives. An instance that dies cannot leak a count: its entries simply
 * fall out after the TTL. (A plain counter per address would stay too high forever after a crash.)
 */
export interface SharedAdmissionCounts {
  /** Counts one upgrade attempt; resolves to the attempts from `address` in its current minute, this one included. */
  countUpgrade(address: string): Promise<number>;
  /** Takes a slot for `socketId`; false when `address` already has `limit` open sockets across the instances. */
  openSocket(address: string, socketId: string, limit: number): Promise<boolean>;
  closeSocket(address: string, socketId: string): Promise<void>;
  /** Keeps these open sockets (id → address) counting, writing back any Redis lost (a restart). */
  keepAlive(open: ReadonlyMap<string, string>): Promise<void>;
}

/** INCR with the window's expiry set by the first attempt, in one step (no key left without an expiry). */
const countInWindow = redisScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`);
const now = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
const takeSlot = redisScript(`
${now}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`);
/** Pushes each socket's slot (ARGV[i + 1] in KEYS[i]) forward, writing back any Redis lost. */
const keepSlots = redisScript(`
${now}
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + tonumber(ARGV[1]), ARGV[i + 1])
  redis.call('PEXPIRE', key, ARGV[1])
end
return 1`);
/** Slots refreshed per script call (one call per socket would flood the event loop every interval). */
const KEEP_ALIVE_BATCH = 500;

export function redisAdmissionCounts(redis: Redis): SharedAdmissionCounts {
  const upgradesKey = (address: string) => `${KEY_PREFIX}signaling:upgrades:${address}`;
  const openKey = (address: string) => `${KEY_PREFIX}signaling:open:${address}`;
  return {
    countUpgrade: async (address) => Number(await countInWindow(redis, [upgradesKey(address)], [MINUTE_MS])),
    openSocket: async (address, socketId, limit) =>
      (await takeSlot(redis, [openKey(address)], [socketId, limit, OPEN_SOCKET_TTL_MS])) === 1,
    async closeSocket(address, socketId) {
      await redis.zrem(openKey(address), socketId);
    },
    async keepAlive(open) {
      await Promise.all(
        chunks([...open], KEEP_ALIVE_BATCH).map((batch) =>
          keepSlots(
            redis,
            batch.map(([, address]) => openKey(address)),
            [OPEN_SOCKET_TTL_MS, ...batch.map(([socketId]) => socketId)],
          ),
        ),
      );
    },
  };
}
