import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type RedisScript = (
  redis: Redis,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
) => Promise<unknown>;

/**
 * A Lua script run atomically in Redis, sent once and then called by its hash (EVALSHA), re-sent after a Redis
 * restart forgot it. For read-check-write steps that must not interleave between instances.
 */
export function redisScript(lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
