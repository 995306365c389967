import type { PortableMigration } from '../dialect.ts';
import { createP2PSessionTable } from './p2p-session-table.ts';

export const migration: PortableMigration = (dialect) => ({
  up: (db) => createP2PSessionTable(db, dialect, 'p2p_receive_sessions'),
  down: (db) => db.schema.dropTable('p2p_receive_sessions').execute(),
});
