import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName, PortableMigration } from '../dialect.ts';
import { migration as m001 } from './001_create_users_and_login_sessions.ts';
import { migration as m012 } from './012_add_p2p_shared_files_table.ts';
import { migration as m013 } from './013_add_p2p_receive_sessions_table.ts';
import { migration as m014 } from './014_add_p2p_guests_and_pin_attempts.ts';
import { migration as m015 } from './015_add_guest_revocation_and_session_limits.ts';
import { migration as m016 } from './016_add_users_disabled_at.ts';
import { migration as m017 } from './017_backfill_guest_file_count.ts';
import { migration as m018 } from './018_add_app_secrets.ts';
import { migration as m019 } from './019_add_oidc_identities.ts';

/** Listed here rather than read from disk, so the bundled server carries them. Names sort in run order. */
const migrations: Record<string, PortableMigration> = {
  '001_create_users_and_login_sessions': m001,
  '012_add_p2p_shared_files_table': m012,
  '013_add_p2p_receive_sessions_table': m013,
  '014_add_p2p_guests_and_pin_attempts': m014,
  '015_add_guest_revocation_and_session_limits': m015,
  '016_add_users_disabled_at': m016,
  '017_backfill_guest_file_count': m017,
  '018_add_app_secrets': m018,
  '019_add_oidc_identities': m019,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(dialect)]));
    },
  };
}
