import type { Redis } from 'ioredis';
import type { Cluster } from '../cluster/cluster.ts';
import { KEY_PREFIX } from '../cluster/redis-cluster.ts';
import { redisScript } from '../cluster/redis-script.ts';

/** How long a registration outlives its last refresh: a crashed instance's peers vanish from the directory then. */
export const REGISTRATION_TTL_MS = 30_000;
/** Live sockets refresh their registration this often (well inside the TTL, so one missed round is harmless). */
export const REFRESH_INTERVAL_MS = 10_000;

/** One socket's claim on a peer id: `<instance id>/<serial>`, unique across instances and restarts. */
export type Registration = string;

export const registrationOn = (instanceId: string, serial: number): Registration => `${instanceId}/${serial}`;
export const instanceOf = (registration: Registration): string => registration.slice(0, registration.lastIndexOf('/'));

/**
 * Which instance holds the signaling socket of a peer id. The newest registration wins: a page that reconnects
 * to another instance (its own died, or the proxy chose another) takes the id over, and the older socket is told
 * so. In one process this is a map; with Redis every instance sees the same entries, each expiring unless the
 * instance holding the socket refreshes it, so an instance that dies leaves nothing behind for long.
 */
export interface PeerDirectory {
  /** Records `registration` for `peerId`; resolves to the registration it replaced (null when none). */
  register(peerId: string, registration: Registration): Promise<Registration | null>;
  /** Forgets `peerId` if `registration` still holds it (a newer registration elsewhere stays). */
  unregister(peerId: string, registration: Registration): Promise<void>;
  locate(peerId: string): Promise<Registration | null>;
  /**
   * Keeps these live registrations (peer id → registration) from expiring, writing back any that vanished (Redis
   * restarted empty); resolves to the peer ids some newer registration took over.
   */
  refresh(live: ReadonlyMap<string, Registration>): Promise<string[]>;
}

function memoryDirectory(): PeerDirectory {
  const entries = new Map<string, Registration>();
  return {
    async register(peerId, registration) {
      const previous = entries.get(peerId) ?? null;
      entries.set(peerId, registration);
      return previous;
    },
    async unregister(peerId, registration) {
      if (entries.get(peerId) === registration) entries.delete(peerId);
    },
    locate: async (peerId) => entries.get(peerId) ?? null,
    async refresh(live) {
      return [...live].filter(([peerId, registration]) => entries.get(peerId) !== registration).map(([id]) => id);
    },
  };
}

const deleteIfHeld = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);
/** Extends a registration, or writes it back when it vanished; 0 when another registration holds the id. */
const keepAlive = redisScript(`
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`);

function redisDirectory(redis: Redis): PeerDirectory {
  const key = (peerId: string) => `${KEY_PREFIX}peer:${peerId}`;
  return {
    register: (peerId, registration) => redis.set(key(peerId), registration, 'PX', REGISTRATION_TTL_MS, 'GET'),
    async unregister(peerId, registration) {
      await deleteIfHeld(redis, [key(peerId)], [registration]);
    },
    locate: (peerId) => redis.get(key(peerId)),
    async refresh(live) {
      const kept = await Promise.all(
        [...live].map(async ([peerId, registration]) => {
          const held = await keepAlive(redis, [key(peerId)], [registration, REGISTRATION_TTL_MS]);
          return held === 1 ? null : peerId;
        }),
      );
      return kept.filter((peerId): peerId is string => peerId !== null);
    },
  };
}

/** The directory the instances of `cluster` share (a map in one process). */
export function peerDirectory(cluster: Cluster): PeerDirectory {
  return cluster.redis === null ? memoryDirectory() : redisDirectory(cluster.redis);
}
