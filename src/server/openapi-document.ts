import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openStore } from './db/index.ts';

/**
 * The OpenAPI document exactly as the app serves it at /api/docs, from an app built on a throw-away SQLite
 * file (no port, no STUN). `npm run docs:api` writes it to docs/openapi.json; a test fails when they differ.
 */
export async function generateOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-openapi-'));
  const config = loadConfig({ PHUPPI_DATA_DIR: dataDir, PHUPPI_STUN_PORT: '0' }, { readDotenv: false });
  const store = openStore(config);
  try {
    await migrateToLatest(store);
    const app = await buildApp({ config, store, logger: false });
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
