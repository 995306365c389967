import type { PortableMigration } from '../dialect.ts';

/**
 * Keys every instance of the app must share (the signaling key: a token issued by one instance must open a
 * socket on another). One row per key, written once if absent and then only read.
 */
export const migration: PortableMigration = () => ({
  async up(db) {
    await db.schema
      .createTable('app_secrets')
      .addColumn('name', 'varchar(64)', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('app_secrets').execute();
  },
});
