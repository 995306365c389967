import type { Generated } from 'kysely';

/** Timestamps are ISO-8601 UTC strings on both stores (see db/index.ts for how PostgreSQL returns them). */
export type Timestamp = string;
/** SQLite hands booleans back as 0/1, PostgreSQL as true/false; read them with Boolean(). */
export type DbBoolean = boolean | number;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  is_admin: DbBoolean;
  created_at: Timestamp;
  /** Set while an administrator has the account disabled (016). */
  disabled_at: Timestamp | null;
}

export interface LoginSessionsTable {
  /** SHA-256 of the cookie value: a leaked database does not hand out live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A user's account at an OpenID Connect provider (019): issuer + subject is the key, one per user and issuer. */
export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: Timestamp;
}

/** Columns shared by forward shares (012) and receive sessions (013), as in the original project. */
export interface P2PSessionColumns {
  id: Generated<number>;
  user_id: number;
  token: string;
  shortcode: string;
  peerjs_id: string | null;
  pin: string;
  pin_attempts: Generated<number>;
  pin_locked_at: Timestamp | null;
  files_metadata: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  is_active: Generated<DbBoolean>;
}

export type P2PSharedFilesTable = P2PSessionColumns;
/** Receive sessions add a label shown to guests (014) and what one guest may send (015; null: no limit). */
export type P2PReceiveSessionsTable = P2PSessionColumns & {
  label: string | null;
  max_files: number | null;
  max_total_bytes: number | null;
};

export type SessionKind = 'receive' | 'share';

/** The table of each session kind: both have the same columns (012/013); receive sessions add a few (014, 015). */
export const SESSION_TABLES = { receive: 'p2p_receive_sessions', share: 'p2p_shared_files' } as const satisfies Record<
  SessionKind,
  keyof Database
>;

/** One guest of a session: created by a correct PIN, which hands it a ticket (only its hash is kept). */
export interface P2PGuestsTable {
  id: Generated<number>;
  session_kind: SessionKind;
  session_id: number;
  ticket_hash: string;
  client_address: string;
  peerjs_id: string | null;
  state: 'verified' | 'connecting' | 'done';
  files_metadata: string | null;
  verified_at: Timestamp;
  connected_at: Timestamp | null;
  completed_at: Timestamp | null;
  /** Set when the ticket was taken back; `revoked_reason` says why (see migration 015). */
  revoked_at: Timestamp | null;
  revoked_reason: RevokeReason | null;
  /** Files in the guest's last report (`files_metadata`). */
  file_count: Generated<number>;
}

export type RevokeReason = 'pin-reset' | 'removed' | 'over-limit';

/** Wrong PINs per client address and session, for the per-address lock. */
export interface P2PPinAttemptsTable {
  session_kind: SessionKind;
  session_id: number;
  client_address: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
}

/** Keys shared by every instance, by name (see migration 018). */
export interface AppSecretsTable {
  name: string;
  value: string;
}

export interface Database {
  users: UsersTable;
  login_sessions: LoginSessionsTable;
  oidc_identities: OidcIdentitiesTable;
  p2p_shared_files: P2PSharedFilesTable;
  p2p_receive_sessions: P2PReceiveSessionsTable;
  p2p_guests: P2PGuestsTable;
  p2p_pin_attempts: P2PPinAttemptsTable;
  app_secrets: AppSecretsTable;
}
