/**
 * Several app instances in this process, as a scale-out deployment runs them: one PostgreSQL database and one
 * Redis shared by all, each instance with its own port and data dir. They are started together, as a rolling
 * deploy or a cold start of a whole cluster would.
 */
import { startTestServer, type TestServer } from './server.ts';
import { type TestStore, testStores } from './stores.ts';

/** The PostgreSQL store, or why the scale-out tests skip (never under CI=true, where testStores() throws). */
export function sharedDatabaseSkipReason(): string | false {
  if (testStores().some((store) => store.name === 'postgres')) return false;
  const message = 'PHUPPI_TEST_PG_URL not set: several instances need PostgreSQL';
  console.warn(`\n*** SKIPPING scale-out tests: ${message} ***\n`);
  return message;
}

export interface TestInstances {
  servers: TestServer[];
  databaseUrl: string;
  /** Closes every instance still running and drops the database. */
  close(): Promise<void>;
}

export async function startInstances(
  count: number,
  options: { redisUrl: string; env?: Record<string, string>; logger?: object },
): Promise<TestInstances> {
  const store = testStores().find((s) => s.name === 'postgres') as TestStore;
  const database = await store.create();
  const databaseUrl = database.databaseUrl as string;
  const env = { ...options.env, DATABASE_URL: databaseUrl, REDIS_URL: options.redisUrl };
  const started = await Promise.allSettled(
    Array.from({ length: count }, () => startTestServer(env, undefined, { logger: options.logger })),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    await database.drop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { servers, databaseUrl, close };
}
