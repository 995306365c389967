import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ERROR_CODES } from '../shared/api/error-codes.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openStore } from './db/index.ts';
import { loadSignalingSecret } from './signaling/signaling-secret.ts';

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
    const signalingSecret = await loadSignalingSecret(store.db, dataDir);
    const app = await buildApp({ config, store, logger: false, signalingSecret });
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

const TABLE_START = /<!-- error-codes:start[^>]*-->\n/;
const TABLE_END = '<!-- error-codes:end -->';

/** docs/api.md with its table of error codes rewritten from src/shared/api/error-codes.ts. */
export function withErrorCodesTable(markdown: string): string {
  const start = TABLE_START.exec(markdown);
  const end = markdown.indexOf(TABLE_END);
  if (!start || end < start.index) throw new Error('docs/api.md has no error-codes:start / error-codes:end markers');
  const rows = Object.entries(ERROR_CODES).map(
    ([code, meaning]) => `| \`${code}\` | ${meaning.replaceAll('|', '\\|')} |`,
  );
  const table = ['| code | meaning |', '| --- | --- |', ...rows].join('\n');
  return `${markdown.slice(0, start.index + start[0].length)}${table}\n${markdown.slice(end)}`;
}
