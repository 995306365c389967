import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningServer, startServer } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { TestStore } from './stores.ts';

export interface TestServer {
  url: string;
  /** The app now running (a new one after `start`). */
  running: RunningServer;
  dataDir: string;
  /** Stops the app as a server going down does (HTTP, SSE and signaling closed), keeping its data and port. */
  stop(): Promise<void>;
  /** Starts the stopped app again on the same port, data dir and database. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

/**
 * The real app (real HTTP, real database file, /peerjs signaling, embedded STUN on a free UDP port) on
 * 127.0.0.1 with a fresh data dir. `env` overrides configuration exactly as the environment would.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  store?: TestStore,
  options: { logger?: object; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'phuppi-test-'));
  const database = store ? await store.create() : { databaseUrl: null, drop: async () => undefined };
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      PHUPPI_DATA_DIR: dataDir,
      PHUPPI_ADMIN_USERNAME: ADMIN.username,
      PHUPPI_ADMIN_PASSWORD: ADMIN.password,
      PHUPPI_STUN_PORT: '3478',
      LOG_LEVEL: 'warn',
      // The test clients speak from 127.0.0.1 and name their device's address in X-Forwarded-For, as a local
      // reverse proxy would.
      PHUPPI_TRUST_PROXY: '127.0.0.1,::1',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      ...env,
    },
    { readDotenv: false },
  );
  const serverOptions = { logger: options.logger ?? false, ephemeralStun: true };
  let running: RunningServer | null = await startServer(config, serverOptions);
  const first = running;
  return {
    url: `${first.protocol}://127.0.0.1:${first.port}`,
    get running() {
      if (!running) throw new Error('the test server is stopped');
      return running;
    },
    dataDir,
    async stop() {
      await running?.close();
      running = null;
    },
    async start() {
      if (running) throw new Error('the test server is running');
      running = await startServer({ ...config, port: first.port }, serverOptions);
    },
    async close() {
      await running?.close();
      running = null;
      await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true }); // a given dir is the caller's
    },
  };
}

/**
 * `count` instances of the app on one fresh database of `store` (PostgreSQL, for several instances), as a
 * scale-out deployment runs them; `env` adds e.g. REDIS_URL. They start one after another: the first migrates
 * and creates the administrator. `close` stops them all and drops the database.
 */
export async function startTestInstances(
  count: number,
  store: TestStore,
  env: Record<string, string> = {},
): Promise<{ servers: TestServer[]; close(): Promise<void> }> {
  const database = await store.create();
  const servers: TestServer[] = [];
  const close = async () => {
    for (const server of servers) await server.close();
    await database.drop();
  };
  try {
    for (let i = 0; i < count; i++)
      servers.push(
        await startTestServer({ ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}), ...env }),
      );
  } catch (error) {
    await close();
    throw error;
  }
  return { servers, close };
}
