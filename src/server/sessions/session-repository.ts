import { type Insertable, type Selectable, sql, type Transaction } from 'kysely';
import { type GuestLimits, type OfferedFile, SHORTCODE_LENGTH, TOKEN_LENGTH } from '../../shared/api/p2p.ts';
import { isUniqueViolation } from '../auth/user-repository.ts';
import { randomString } from '../crypto.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { type Database, type P2PReceiveSessionsTable, SESSION_TABLES, type SessionKind } from '../db/schema.ts';
import { isoIn, isoNow } from '../time.ts';
import { parseJsonList } from './file-metadata.ts';
import { generatePin } from './pin-guard.ts';

export type DbOrTransaction = Db | Transaction<Database>;

type ReceiveOnly = 'label' | 'max_files' | 'max_total_bytes';
/** A row of either session table; shares simply have no label and no guest limits. */
type SessionRow = Omit<Selectable<P2PReceiveSessionsTable>, ReceiveOnly> &
  Partial<Pick<Selectable<P2PReceiveSessionsTable>, ReceiveOnly>>;

/** A receive session or a share as the rest of the server sees it: its row, mapped once (`toSession`). */
export interface Session {
  id: number;
  kind: SessionKind;
  ownerId: number;
  token: string;
  shortcode: string;
  pin: string;
  /** Wrong PINs counted against the whole session (10 lock it). */
  pinFailures: number;
  pinLockedAt: string | null;
  createdAt: string;
  expiresAt: string;
  /** False once cancelled, or once the clean-up saw it expire. */
  isActive: boolean;
  /** Receive sessions: the label guests see (null for shares). */
  label: string | null;
  /** Receive sessions: what one guest may send (no limit for shares). */
  limits: GuestLimits;
  /** Shares: the files on offer (empty for receive sessions). */
  offered: OfferedFile[];
}

/** What the owner chooses when opening a session; the rest (token, shortcode, PIN, times) is drawn here. */
export interface NewSession {
  ownerId: number;
  expiresInSeconds: number;
  label?: string | null;
  limits?: GuestLimits;
  offered?: OfferedFile[];
}

// The one mapping between a session row and a Session: a new column becomes a field here and nowhere else.

function toSession(kind: SessionKind, row: SessionRow): Session {
  return {
    id: row.id,
    kind,
    ownerId: row.user_id,
    token: row.token,
    shortcode: row.shortcode,
    pin: row.pin,
    pinFailures: Number(row.pin_attempts ?? 0),
    pinLockedAt: row.pin_locked_at,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    isActive: Boolean(row.is_active),
    label: row.label ?? null,
    limits: {
      maxFiles: row.max_files ?? null,
      // PostgreSQL hands a bigint back as a string.
      maxTotalBytes: row.max_total_bytes == null ? null : Number(row.max_total_bytes),
    },
    // A share keeps its offer in files_metadata (as in the original project); a receive session keeps there
    // what its guests sent, which the owner reads per guest instead.
    offered: kind === 'share' ? parseJsonList<OfferedFile>(row.files_metadata) : [],
  };
}

function toRow(kind: SessionKind, session: NewSession): Insertable<P2PReceiveSessionsTable> {
  return {
    user_id: session.ownerId,
    token: randomString(TOKEN_LENGTH),
    shortcode: randomString(SHORTCODE_LENGTH),
    pin: generatePin(),
    pin_attempts: 0,
    created_at: isoNow(),
    expires_at: isoIn(session.expiresInSeconds),
    is_active: true,
    files_metadata: kind === 'share' ? JSON.stringify(session.offered ?? []) : null,
    ...(kind === 'receive'
      ? {
          label: session.label ?? null,
          max_files: session.limits?.maxFiles ?? null,
          max_total_bytes: session.limits?.maxTotalBytes ?? null,
        }
      : {}),
  };
}

const MAX_CREATE_TRIES = 5;

/** The SQL of one kind's session table (and, for deletions, the rows that hang off a session). */
export class SessionRepository {
  readonly #table: 'p2p_receive_sessions';

  constructor(
    private readonly db: DbOrTransaction,
    readonly kind: SessionKind,
    private readonly dialect: DialectName,
  ) {
    // Both tables have the same columns; the typed name only serves the query builder.
    this.#table = SESSION_TABLES[kind] as 'p2p_receive_sessions';
  }

  async create(session: NewSession): Promise<Session> {
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.db
          .insertInto(this.#table)
          .values(toRow(this.kind, session))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSession(this.kind, row);
      } catch (error) {
        // A token or shortcode collision is astronomically unlikely; draw again rather than fail.
        if (!isUniqueViolation(error) || attempt >= MAX_CREATE_TRIES) throw error;
      }
    }
  }

  async byToken(token: string): Promise<Session | null> {
    const row = await this.db.selectFrom(this.#table).selectAll().where('token', '=', token).executeTakeFirst();
    return row ? toSession(this.kind, row) : null;
  }

  async byShortcode(shortcode: string): Promise<Session | null> {
    const row = await this.db.selectFrom(this.#table).selectAll().where('shortcode', '=', shortcode).executeTakeFirst();
    return row ? toSession(this.kind, row) : null;
  }

  /** The owner's sessions, newest first. */
  async listOwned(ownerId: number): Promise<Session[]> {
    const rows = await this.db
      .selectFrom(this.#table)
      .selectAll()
      .where('user_id', '=', ownerId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => toSession(this.kind, row));
  }

  async cancel(session: Session): Promise<void> {
    await this.db.updateTable(this.#table).set({ is_active: false }).where('id', '=', session.id).execute();
  }

  /** Ends every open session of a user (account disabled or deleted); returns them so open streams can be told. */
  async endAllOfUser(ownerId: number): Promise<Session[]> {
    const rows = await this.db
      .updateTable(this.#table)
      .set({ is_active: false })
      .where('user_id', '=', ownerId)
      .where('is_active', '=', true)
      .returningAll()
      .execute();
    return rows.map((row) => toSession(this.kind, row));
  }

  /** Deletes every session of a user with its guests and PIN counts (before the user row itself goes). */
  async deleteAllOfUser(ownerId: number): Promise<void> {
    const ids = (await this.db.selectFrom(this.#table).select('id').where('user_id', '=', ownerId).execute()).map(
      (r) => r.id,
    );
    if (ids.length === 0) return;
    await this.db
      .deleteFrom('p2p_guests')
      .where('session_kind', '=', this.kind)
      .where('session_id', 'in', ids)
      .execute();
    await this.db
      .deleteFrom('p2p_pin_attempts')
      .where('session_kind', '=', this.kind)
      .where('session_id', 'in', ids)
      .execute();
    await this.db.deleteFrom(this.#table).where('id', 'in', ids).execute();
  }

  /** Inside a transaction: serialise writers of one session (SQLite transactions are serial already). */
  async lockForUpdate(session: Session): Promise<void> {
    if (this.dialect === 'postgres')
      await this.db.selectFrom(this.#table).select('id').where('id', '=', session.id).forUpdate().execute();
  }

  /**
   * The session's `files_metadata` becomes its guests' lists joined, in guest order: the database strips the
   * brackets of each stored list and concatenates them, so no list is parsed or serialised again here.
   */
  async refreshSessionFiles(session: Session): Promise<void> {
    const inner = sql<string>`substr(files_metadata, 2, length(files_metadata) - 2)`;
    const joined =
      this.dialect === 'postgres'
        ? sql<string>`(select '[' || coalesce(string_agg(${inner}, ',' order by id), '') || ']' from p2p_guests where session_kind = ${this.kind} and session_id = ${session.id} and file_count > 0)`
        : sql<string>`(select '[' || coalesce(group_concat(part, ','), '') || ']' from (select ${inner} as part from p2p_guests where session_kind = ${this.kind} and session_id = ${session.id} and file_count > 0 order by id))`;
    await this.db.updateTable(this.#table).set({ files_metadata: joined }).where('id', '=', session.id).execute();
  }

  /**
   * Marks sessions that ran out as inactive, in one set-based statement (no list of ids is sent back, so any
   * number of them works on both stores); answers their ids so their owners' streams can be told.
   */
  async deactivateExpired(): Promise<number[]> {
    const rows = await this.db
      .updateTable(this.#table)
      .set({ is_active: false })
      .where('is_active', '=', true)
      .where('expires_at', '<=', isoNow())
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes sessions (with their guests and PIN counts) that ended more than `retentionDays` ago, set-based. */
  async deleteEndedBefore(retentionDays: number): Promise<number> {
    const cutoff = isoIn(-retentionDays * 24 * 3600);
    const table = this.#table;
    return this.db.transaction().execute(async (trx) => {
      const old = trx.selectFrom(table).select('id').where('expires_at', '<', cutoff);
      await trx.deleteFrom('p2p_guests').where('session_kind', '=', this.kind).where('session_id', 'in', old).execute();
      await trx
        .deleteFrom('p2p_pin_attempts')
        .where('session_kind', '=', this.kind)
        .where('session_id', 'in', old)
        .execute();
      const result = await trx.deleteFrom(table).where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
