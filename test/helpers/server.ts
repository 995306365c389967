import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/bootstrap.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { TestStore } from './stores.ts';

export interface TestServer {
  url: string;
  running: RunningServer;
  dataDir: string;
  close(): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

/**
 * The real app (real HTTP, real database file, /peerjs signaling, embedded STUN on a free UDP port) on
 * 127.0.0.1 with a fresh data dir. `env` overrides configuration exactly as the environment would.
 */
export async function startTestServer(env: Record<string, string> = {}, store?: TestStore, options: { logger?: object; dataDir?: string } = {}): Promise<TestServer> {
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
      PHUPPI_TRUST_PROXY: 'true',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      ...env,
    },
    { readDotenv: false },
  );
  const running = await startServer(config, { logger: options.logger ?? false, ephemeralStun: true });
  return {
    url: `${running.protocol}://127.0.0.1:${running.port}`,
    running,
    dataDir,
    async close() {
      await running.close();
      await database.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true }); // a given dir is the caller's
    },
  };
}
