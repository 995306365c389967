import type { PortableMigration } from '../dialect.ts';
import { columnTypes } from '../dialect.ts';

/**
 * Tickets the owner can take back, and limits the owner chooses for guests:
 * - `p2p_guests.revoked_at` / `revoked_reason`: a revoked ticket no longer connects or completes
 *   ('pin-reset': a new PIN revoked every earlier ticket; 'removed': the owner removed that guest;
 *   'over-limit': the owner's browser refused a list of files over the session's limits).
 * - `p2p_guests.file_count`: how many files the guest's last report listed, so the per-session file cap
 *   is summed in SQL instead of by parsing every guest's list.
 * - `p2p_receive_sessions.max_files` / `max_total_bytes`: what one guest may send into the owner's browser
 *   (null: no limit but the server-wide ones).
 * - an index for the per-address admission rate (correct PINs per address per minute).
 */
export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    const t = columnTypes(dialect);
    await db.schema.alterTable('p2p_guests').addColumn('revoked_at', t.timestamp).execute();
    await db.schema.alterTable('p2p_guests').addColumn('revoked_reason', 'varchar(16)').execute();
    await db.schema
      .alterTable('p2p_guests')
      .addColumn('file_count', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('p2p_receive_sessions').addColumn('max_files', 'integer').execute();
    await db.schema.alterTable('p2p_receive_sessions').addColumn('max_total_bytes', 'bigint').execute();
    await db.schema
      .createIndex('p2p_guests_address_time')
      .on('p2p_guests')
      .columns(['client_address', 'verified_at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('p2p_guests_address_time').execute();
    await db.schema.alterTable('p2p_receive_sessions').dropColumn('max_total_bytes').execute();
    await db.schema.alterTable('p2p_receive_sessions').dropColumn('max_files').execute();
    await db.schema.alterTable('p2p_guests').dropColumn('file_count').execute();
    await db.schema.alterTable('p2p_guests').dropColumn('revoked_reason').execute();
    await db.schema.alterTable('p2p_guests').dropColumn('revoked_at').execute();
  },
});
