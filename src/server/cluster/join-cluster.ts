import type { FastifyBaseLogger } from 'fastify';
import type { Cluster } from './cluster.ts';
import { localCluster } from './local-cluster.ts';
import { redisCluster } from './redis-cluster.ts';

export type { Cluster } from './cluster.ts';

/** One process without REDIS_URL; otherwise one instance among those that share the Redis. */
export function joinCluster(redisUrl: string | null, log: FastifyBaseLogger): Cluster {
  return redisUrl === null ? localCluster() : redisCluster(redisUrl, log);
}
