import type { PortableMigration } from '../dialect.ts';
import { columnTypes, withIdColumn } from '../dialect.ts';

/**
 * What the feature request's columns do not cover: a label shown to guests, one row per guest (its hashed
 * ticket, PeerJS id, address, state and files), and per-address wrong-PIN counts for the 15-minute lock.
 * `pin_attempts` / `pin_locked_at` of 012/013 keep their meaning: wrong PINs in total, and the session-wide lock.
 */
export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    const t = columnTypes(dialect);
    await db.schema.alterTable('p2p_receive_sessions').addColumn('label', 'varchar(200)').execute();
    await withIdColumn(db.schema.createTable('p2p_guests'), dialect)
      .addColumn('session_kind', 'varchar(8)', (col) => col.notNull())
      .addColumn('session_id', 'integer', (col) => col.notNull())
      .addColumn('ticket_hash', 'varchar(64)', (col) => col.notNull().unique())
      .addColumn('client_address', 'varchar(64)', (col) => col.notNull())
      .addColumn('peerjs_id', 'varchar(64)')
      .addColumn('state', 'varchar(16)', (col) => col.notNull())
      .addColumn('files_metadata', 'text')
      .addColumn('verified_at', t.timestamp, (col) => col.notNull())
      .addColumn('connected_at', t.timestamp)
      .addColumn('completed_at', t.timestamp)
      .execute();
    await db.schema
      .createIndex('p2p_guests_session')
      .on('p2p_guests')
      .columns(['session_kind', 'session_id'])
      .execute();
    await db.schema
      .createTable('p2p_pin_attempts')
      .addColumn('session_kind', 'varchar(8)', (col) => col.notNull())
      .addColumn('session_id', 'integer', (col) => col.notNull())
      .addColumn('client_address', 'varchar(64)', (col) => col.notNull())
      .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('locked_until', t.timestamp)
      .addPrimaryKeyConstraint('p2p_pin_attempts_pk', ['session_kind', 'session_id', 'client_address'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('p2p_pin_attempts').execute();
    await db.schema.dropTable('p2p_guests').execute();
    await db.schema.alterTable('p2p_receive_sessions').dropColumn('label').execute();
  },
});
