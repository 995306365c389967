import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestStore {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one server; returns its DATABASE_URL (null for SQLite) and a cleanup. */
  create(): Promise<{ databaseUrl: string | null; drop(): Promise<void> }>;
}

const sqlite: TestStore = { name: 'sqlite', create: async () => ({ databaseUrl: null, drop: async () => undefined }) };

function postgres(adminUrl: string): TestStore {
  return {
    name: 'postgres',
    async create() {
      const name = `phuppi_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        databaseUrl: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.end();
        },
      };
    },
  };
}

/**
 * The stores every API test runs against: SQLite always, PostgreSQL when PHUPPI_TEST_PG_URL names a server
 * (.ci/run starts one). Under CI=true a missing PostgreSQL is an error, never a silent skip.
 */
export function testStores(): TestStore[] {
  const pgUrl = process.env.PHUPPI_TEST_PG_URL;
  if (!pgUrl && process.env.CI === 'true')
    throw new Error('PHUPPI_TEST_PG_URL is not set under CI=true: PostgreSQL tests cannot run');
  return pgUrl ? [sqlite, postgres(pgUrl)] : [sqlite];
}
