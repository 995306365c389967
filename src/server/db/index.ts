import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { SqliteBooleanPlugin } from './sqlite-booleans.ts';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: DialectName;
  /** Human-readable location, for the start-up log (never the password). */
  describe: string;
  close(): Promise<void>;
}

const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_INT8 = 20;

function postgresTypes(): pg.CustomTypesConfig {
  // Return timestamps as ISO strings and counts as numbers, exactly as the SQLite store does.
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === PG_TIMESTAMPTZ || oid === PG_TIMESTAMP)
        return (value: string) => new Date(oid === PG_TIMESTAMP ? `${value}Z` : value).toISOString();
      if (oid === PG_INT8) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'phuppi.db');
}

/**
 * The database holds password hashes, PINs and session tokens: its folder is the owner's alone (0700) and the
 * file 0600. SQLite gives its -wal and -shm files the main file's mode, so creating that file first covers them.
 */
function keepPrivate(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(name)) chmodSync(name, 0o600);
}

export function openStore(options: { dataDir: string; databaseUrl: string | null }): Store {
  if (options.databaseUrl) {
    // A connection attempt to an unreachable server gives up rather than queueing requests forever.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      types: postgresTypes(),
      max: 10,
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection that the server drops (restart, failover) must not crash the app; the pool reconnects.
    pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    return { db, dialect: 'postgres', describe: `PostgreSQL ${url.host}${url.pathname}`, close: () => db.destroy() };
  }
  const file = sqlitePath(options.dataDir);
  keepPrivate(options.dataDir, file);
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), plugins: [new SqliteBooleanPlugin()] });
  return { db, dialect: 'sqlite', describe: `SQLite ${file}`, close: () => db.destroy() };
}

/** Runs every pending migration in name order; returns the names it applied (none on a second start). */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
