import type { PortableMigration } from '../dialect.ts';
import { columnTypes } from '../dialect.ts';

/**
 * An administrator can disable an account without deleting it (and what it received): a disabled user cannot
 * log in and has no live login or P2P sessions. NULL means enabled; the time says since when it is disabled.
 */
export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema.alterTable('users').addColumn('disabled_at', columnTypes(dialect).timestamp).execute();
  },
  async down(db) {
    await db.schema.alterTable('users').dropColumn('disabled_at').execute();
  },
});
