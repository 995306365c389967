import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
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

/** `GET /healthz`: 200 when the process is up and the database answers, 503 saying what is wrong otherwise. No auth. */
export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/healthz', { config: { rateLimit: OPERATOR_RATE_LIMIT } }, async (_request, reply) => {
    const state = await checkDatabase(db);
    reply.header('cache-control', 'no-store');
    if (state.ok) return { status: 'ok', database: 'ok' };
    return reply.status(503).send({
      status: 'error',
      database: state.database,
      detail: state.detail,
      error: state.database === 'timeout' ? 'The database does not answer.' : 'The database cannot be reached.',
      code: 'DATABASE_UNAVAILABLE',
    });
  });
}
