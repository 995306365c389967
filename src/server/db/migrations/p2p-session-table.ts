import type { AnyDb, DialectName } from '../dialect.ts';
import { columnTypes, withIdColumn } from '../dialect.ts';

/**
 * Forward shares (012) and receive sessions (013) have the same columns in the original project;
 * the feature request's CREATE TABLE for 013 is reproduced here column for column.
 */
export async function createP2PSessionTable(db: AnyDb, dialect: DialectName, table: string): Promise<void> {
  const t = columnTypes(dialect);
  await withIdColumn(db.schema.createTable(table), dialect)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('token', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('shortcode', 'varchar(12)', (col) => col.notNull().unique())
    .addColumn('peerjs_id', 'varchar(64)')
    .addColumn('pin', 'varchar(2)', (col) => col.notNull())
    .addColumn('pin_attempts', t.tinyint, (col) => col.defaultTo(0))
    .addColumn('pin_locked_at', t.timestamp)
    .addColumn('files_metadata', 'text')
    .addColumn('created_at', t.timestamp, (col) => col.notNull())
    .addColumn('expires_at', t.timestamp, (col) => col.notNull())
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(t.true))
    .execute();
  await db.schema.createIndex(`${table}_user_id`).on(table).column('user_id').execute();
}
