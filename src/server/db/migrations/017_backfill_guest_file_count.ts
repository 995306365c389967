import { sql } from 'kysely';
import type { PortableMigration } from '../dialect.ts';

/**
 * Migration 015 added `p2p_guests.file_count` at 0 for every guest, also for guests who had already reported
 * files. The per-session file cap counts with it, and a session's list of what was sent joins only guests
 * whose count is above 0, so a guest reported before the upgrade would drop out of it at the next report.
 * Count what those guests reported.
 */
export const migration: PortableMigration = (dialect) => ({
  async up(db) {
    const length =
      dialect === 'postgres' ? sql`json_array_length(files_metadata::json)` : sql`json_array_length(files_metadata)`;
    await db
      .updateTable('p2p_guests')
      .set({ file_count: length })
      .where('file_count', '=', 0)
      .where('files_metadata', 'is not', null)
      .execute();
  },
  // Nothing to undo: the counts are true either way.
  async down() {},
});
