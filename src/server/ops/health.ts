import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Cluster } from '../cluster/cluster.ts';
import type { Db } from '../db/index.ts';
import { OPERATOR_RATE_LIMIT } from './loopback.ts';

/** A health check must answer while the database does not: an unreachable server is a 503, not a hang. */
export const HEALTH_TIMEOUT_MS = 2000;

type DatabaseState = { ok: true } | { ok: false; database: 'timeout' | 'unreachable'; detail: string };

/** `select 1` within the time limit. The detail is an error code or class, never a message (it could name hosts or users). */
export async function checkDatabase(db: Db, timeoutMs = HEALTH_TIMEOUT_MS): Promise<DatabaseState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseState>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, database: 'timeout', detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const query = sql`select 1`.execute(db).then(
    (): DatabaseState => ({ ok: true }),
    (error: { code?: unknown; name?: string }): DatabaseState => ({
      ok: false,
      database: 'unreachable',
      detail:
        typeof error.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(error.code) ? error.code : (error.name ?? 'Error'),
    }),
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz`, no auth: 200 when the process is up and the database answers, 503 saying what is wrong
 * otherwise. With REDIS_URL it names Redis too; Redis down is 200 `degraded`, not 503: every instance shares the
 * one Redis, so a 503 would make the load balancer pull them all at once, while pages and the API still work.
 */
export function registerHealth(app: FastifyInstance, db: Db, cluster: Cluster): void {
  app.get('/healthz', { config: { rateLimit: OPERATOR_RATE_LIMIT } }, async (_request, reply) => {
    const [state, shared] = await Promise.all([checkDatabase(db), cluster.health()]);
    reply.header('cache-control', 'no-store');
    const redis = shared.redis === 'off' ? {} : { redis: shared.redis };
    if (!state.ok) {
      return reply.status(503).send({
        status: 'error',
        database: state.database,
        ...redis,
        detail: state.detail,
        error: state.database === 'timeout' ? 'The database does not answer.' : 'The database cannot be reached.',
        code: 'DATABASE_UNAVAILABLE',
      });
    }
    if (shared.redis !== 'unreachable') return { status: 'ok', database: 'ok', ...redis };
    return {
      status: 'degraded',
      database: 'ok',
      redis: shared.redis,
      detail: shared.detail,
      warning: 'Redis cannot be reached: this instance serves alone (see docs/scale-out.md).',
      code: 'REDIS_UNAVAILABLE',
    };
  });
}
