import type { PortableMigration } from '../dialect.ts';
import { columnTypes, withIdColumn } from '../dialect.ts';

export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    const t = columnTypes(dialect);
    await withIdColumn(db.schema.createTable('users'), dialect)
      .addColumn('username', 'varchar(64)', (col) => col.notNull().unique())
      .addColumn('password_hash', 'varchar(255)', (col) => col.notNull())
      .addColumn('is_admin', 'boolean', (col) => col.notNull().defaultTo(false))
      .addColumn('created_at', t.timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('login_sessions')
      .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
      .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'varchar(64)', (col) => col.notNull())
      .addColumn('created_at', t.timestamp, (col) => col.notNull())
      .addColumn('expires_at', t.timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('login_sessions_user_id').on('login_sessions').column('user_id').execute();
  },
  async down(db) {
    await db.schema.dropTable('login_sessions').execute();
    await db.schema.dropTable('users').execute();
  },
});
