import type { Redis } from 'ioredis';
import type { BusMessage, Cluster } from '../cluster/cluster.ts';
import { KEY_PREFIX } from '../cluster/redis-cluster.ts';
import { chunks, redisScript } from '../cluster/redis-script.ts';

/** How long a registration outlives its last refresh: a crashed instance's peers vanish from the directory then. */
export const REGISTRATION_TTL_MS = 30_000;
/** Live sockets refresh their registration this often (well inside the TTL, so one missed round is harmless). */
export const REFRESH_INTERVAL_MS = 10_000;

export type HolderAnswer = 'sent' | 'here' | 'absent';

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
  /**
   * Publishes `message` on the channel `<channelPrefix><instance id>` of the instance holding `peerId`, in one
   * step with the lookup (one round trip, and no re-registration can slip in between): 'here' when that is this
   * instance (nothing published), 'absent' when no live instance holds it (its instance died: nobody listens).
   */
  publishToHolder(peerId: string, channelPrefix: string, message: BusMessage): Promise<HolderAnswer>;
  /**
   * Keeps these live registrations (peer id → registration) from expiring, writing back any that vanished (Redis
   * restarted empty); resolves to the peer ids some newer registration took over.
   */
  refresh(live: ReadonlyMap<string, Registration>): Promise<string[]>;
}

function memoryDirectory(cluster: Cluster): PeerDirectory {
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
    async publishToHolder(peerId, channelPrefix, message) {
      const held = entries.get(peerId);
      if (held === undefined) return 'absent';
      const instance = instanceOf(held);
      if (instance === cluster.instanceId) return 'here';
      return (await cluster.publish(channelPrefix + instance, message)) > 0 ? 'sent' : 'absent';
    },
    async refresh(live) {
      return [...live].filter(([peerId, registration]) => entries.get(peerId) !== registration).map(([id]) => id);
    },
  };
}

const deleteIfHeld = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);
/** The lookup and the PUBLISH in one step; the channel is spelled as the cluster bus spells it (prefixed). */
const publishToHolder = redisScript(`
local held = redis.call('GET', KEYS[1])
if not held then return 'absent' end
local instance = string.match(held, '^(.*)/[^/]*$')
if instance == ARGV[1] then return 'here' end
if redis.call('PUBLISH', ARGV[2] .. instance, ARGV[3]) > 0 then return 'sent' end
return 'absent'`);
/**
 * Extends each registration (KEYS[i] held by ARGV[i + 1]), or writes it back when it vanished; answers the
 * indexes of those another registration holds now.
 */
const keepAlive = redisScript(`
local lost = {}
for i, key in ipairs(KEYS) do
  local held = redis.call('GET', key)
  if held and held ~= ARGV[i + 1] then lost[#lost + 1] = i
  else redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1]) end
end
return lost`);
/** Registrations refreshed per script call: one call per socket would flood the event loop every interval. */
const REFRESH_BATCH = 500;

function redisDirectory(redis: Redis, instanceId: string): PeerDirectory {
  const key = (peerId: string) => `${KEY_PREFIX}peer:${peerId}`;
  return {
    register: (peerId, registration) => redis.set(key(peerId), registration, 'PX', REGISTRATION_TTL_MS, 'GET'),
    async unregister(peerId, registration) {
      await deleteIfHeld(redis, [key(peerId)], [registration]);
    },
    publishToHolder: async (peerId, channelPrefix, message) =>
      (await publishToHolder(
        redis,
        [key(peerId)],
        [instanceId, KEY_PREFIX + channelPrefix, JSON.stringify(message)],
      )) as HolderAnswer,
    async refresh(live) {
      const takenOver = await Promise.all(
        chunks([...live], REFRESH_BATCH).map(async (batch) => {
          const keys = batch.map(([peerId]) => key(peerId));
          const lost = (await keepAlive(redis, keys, [REGISTRATION_TTL_MS, ...batch.map(([, r]) => r)])) as number[];
          return batch.filter((_, i) => lost.includes(i + 1)).map(([peerId]) => peerId);
        }),
      );
      return takenOver.flat();
    },
  };
}

/** The directory the instances of `cluster` share (a map in one process). */
export function peerDirectory(cluster: Cluster): PeerDirectory {
  return cluster.redis === null ? memoryDirectory(cluster) : redisDirectory(cluster.redis, cluster.instanceId);
}
