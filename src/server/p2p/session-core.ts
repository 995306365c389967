import { type Selectable, sql, type Transaction } from 'kysely';
import { SHORTCODE_LENGTH, TOKEN_LENGTH } from '../../shared/api/p2p.ts';
import { isUniqueViolation } from '../auth/users.ts';
import { randomHex, randomString, sha256Hex } from '../crypto.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database, P2PGuestsTable, P2PReceiveSessionsTable, RevokeReason, SessionKind } from '../db/schema.ts';
import { forbidden, gone, HttpError, notFound } from '../http/errors.ts';
import { isoIn, isoNow } from '../time.ts';
import { generatePin, PinGuard, SESSION_TABLES } from './pin.ts';

type ReceiveOnly = 'label' | 'max_files' | 'max_total_bytes';
/** A row of either session table; forward shares simply have no label and no guest limits. */
export type SessionRow = Omit<Selectable<P2PReceiveSessionsTable>, ReceiveOnly> &
  Partial<Pick<Selectable<P2PReceiveSessionsTable>, ReceiveOnly>>;
export type GuestRow = Selectable<P2PGuestsTable>;
export type SessionStatus = 'active' | 'expired' | 'cancelled' | 'locked';

const MAX_CREATE_TRIES = 5;

const REVOKED_TEXT: Record<RevokeReason, string> = {
  'pin-reset': 'The owner set a new PIN, so this ticket no longer works. Enter the new PIN.',
  removed: 'The owner removed you from this session.',
  'over-limit': "The owner's browser refused these files: they are more than this link accepts from one guest.",
};

/** 403 TICKET_REVOKED, with the reason for the guest's page. */
export function ticketRevoked(reason: RevokeReason): HttpError {
  return new HttpError(403, 'TICKET_REVOKED', REVOKED_TEXT[reason], { reason });
}

export function isExpired(row: SessionRow, now = isoNow()): boolean {
  return row.expires_at <= now;
}

export function statusOf(row: SessionRow): SessionStatus {
  if (isExpired(row)) return 'expired';
  if (!row.is_active) return 'cancelled';
  if (row.pin_locked_at) return 'locked';
  return 'active';
}

/**
 * What forward shares and receive sessions have in common (DESIGN.md: one session core, two directions):
 * token, shortcode and PIN; the public/owner gates; tickets and guests; cancel and clean-up.
 */
export class P2PSessionCore {
  readonly pins: PinGuard;
  readonly #table: 'p2p_receive_sessions';

  constructor(
    private readonly db: Db | Transaction<Database>,
    readonly kind: SessionKind,
    private readonly dialect: DialectName,
  ) {
    this.pins = new PinGuard(db, kind);
    // Both tables have the same columns (012/013); the typed name only serves the query builder.
    this.#table = SESSION_TABLES[kind] as 'p2p_receive_sessions';
  }

  async create(
    userId: number,
    expiresInSeconds: number,
    extra: {
      label?: string | null;
      files_metadata?: string | null;
      max_files?: number | null;
      max_total_bytes?: number | null;
    } = {},
  ): Promise<SessionRow> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db
          .insertInto(this.#table)
          .values({
            user_id: userId,
            token: randomString(TOKEN_LENGTH),
            shortcode: randomString(SHORTCODE_LENGTH),
            pin: generatePin(),
            pin_attempts: 0,
            created_at: isoNow(),
            expires_at: isoIn(expiresInSeconds),
            is_active: true,
            files_metadata: extra.files_metadata ?? null,
            ...(this.kind === 'receive'
              ? {
                  label: extra.label ?? null,
                  max_files: extra.max_files ?? null,
                  max_total_bytes: extra.max_total_bytes ?? null,
                }
              : {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        // A token or shortcode collision is astronomically unlikely; draw again rather than fail.
        if (!isUniqueViolation(error) || attempt >= MAX_CREATE_TRIES) throw error;
      }
    }
  }

  async byToken(token: string): Promise<SessionRow | null> {
    return (await this.db.selectFrom(this.#table).selectAll().where('token', '=', token).executeTakeFirst()) ?? null;
  }

  async byShortcode(shortcode: string): Promise<SessionRow | null> {
    return (
      (await this.db.selectFrom(this.#table).selectAll().where('shortcode', '=', shortcode).executeTakeFirst()) ?? null
    );
  }

  /** The session for a public caller: 404 when unknown, 410 once expired or cancelled. */
  requireOpen(row: SessionRow | null): SessionRow {
    if (!row) throw notFound('This link does not exist. Check that it was typed correctly.');
    if (isExpired(row)) throw gone('This link has expired. Ask for a new one.', 'EXPIRED');
    if (!row.is_active) throw gone('This session was cancelled by its owner.', 'CANCELLED');
    return row;
  }

  /** The session for its owner: 404 when unknown, 403 for anyone else. */
  requireOwned(row: SessionRow | null, userId: number): SessionRow {
    if (!row) throw notFound('No such session.');
    if (row.user_id !== userId) throw forbidden('This session belongs to another user.', 'NOT_OWNER');
    return row;
  }

  async listOwned(userId: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom(this.#table)
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async cancel(row: SessionRow): Promise<void> {
    await this.db.updateTable(this.#table).set({ is_active: false }).where('id', '=', row.id).execute();
  }

  /** Ends every open session of a user (account disabled or deleted); returns them so open streams can be told. */
  async endAllOfUser(userId: number): Promise<SessionRow[]> {
    return this.db
      .updateTable(this.#table)
      .set({ is_active: false })
      .where('user_id', '=', userId)
      .where('is_active', '=', true)
      .returningAll()
      .execute();
  }

  /** Deletes every session of a user with its guests and PIN counts (before the user row itself goes). */
  async deleteAllOfUser(userId: number): Promise<void> {
    const ids = (await this.db.selectFrom(this.#table).select('id').where('user_id', '=', userId).execute()).map(
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

  /** A correct PIN makes a guest: a random ticket (256 bits) of which only the hash is stored. */
  async admitGuest(row: SessionRow, clientAddress: string): Promise<{ ticket: string; guest: GuestRow }> {
    const ticket = randomHex(32);
    const guest = await this.db
      .insertInto('p2p_guests')
      .values({
        session_kind: this.kind,
        session_id: row.id,
        ticket_hash: sha256Hex(ticket),
        client_address: clientAddress.slice(0, 64),
        state: 'verified',
        verified_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ticket, guest };
  }

  /** The guest a ticket was issued to, revoked or not, for this session only (null for any other ticket). */
  async findGuestByTicket(row: SessionRow, ticket: string): Promise<GuestRow | null> {
    const guest = await this.db
      .selectFrom('p2p_guests')
      .selectAll()
      .where('ticket_hash', '=', sha256Hex(ticket))
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', row.id)
      .executeTakeFirst();
    return guest ?? null;
  }

  /** The guest a live ticket was issued to, for this session only; 403 BAD_TICKET or TICKET_REVOKED otherwise. */
  async guestByTicket(row: SessionRow, ticket: string): Promise<GuestRow> {
    const guest = await this.findGuestByTicket(row, ticket);
    if (!guest)
      throw new HttpError(403, 'BAD_TICKET', 'This ticket is not valid for this session. Enter the PIN again.');
    if (guest.revoked_at) throw ticketRevoked(guest.revoked_reason ?? 'removed');
    return guest;
  }

  /** Takes back the live tickets of a session (or of one guest); answers the guests revoked now. */
  async revokeGuests(row: SessionRow, reason: RevokeReason, guestId?: number): Promise<number[]> {
    let query = this.db
      .updateTable('p2p_guests')
      .set({ revoked_at: isoNow(), revoked_reason: reason })
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', row.id)
      .where('revoked_at', 'is', null);
    if (guestId !== undefined) query = query.where('id', '=', guestId);
    const rows = await query.returning('id').execute();
    return rows.map((r) => r.id);
  }

  async guestById(row: SessionRow, guestId: number): Promise<GuestRow | null> {
    return (
      (await this.db
        .selectFrom('p2p_guests')
        .selectAll()
        .where('session_kind', '=', this.kind)
        .where('session_id', '=', row.id)
        .where('id', '=', guestId)
        .executeTakeFirst()) ?? null
    );
  }

  /** Guests whose tickets still hold. */
  async liveGuestCount(row: SessionRow): Promise<number> {
    const { n } = await this.db
      .selectFrom('p2p_guests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Files the other guests of the session reported, summed in SQL (no list is parsed). */
  async fileCountExcept(row: SessionRow, guestId: number): Promise<number> {
    const { n } = await this.db
      .selectFrom('p2p_guests')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('file_count'), sql<number>`0`).as('n'))
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', row.id)
      .where('id', '!=', guestId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Registers (or, after a reconnect, replaces) the PeerJS id the owner's browser may dial. */
  async registerPeer(guest: GuestRow, peerId: string): Promise<GuestRow> {
    return this.db
      .updateTable('p2p_guests')
      .set({ peerjs_id: peerId, state: 'connecting', connected_at: isoNow() })
      .where('id', '=', guest.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async updateGuest(
    guest: GuestRow,
    changes: Partial<Pick<GuestRow, 'state' | 'files_metadata' | 'file_count' | 'completed_at'>>,
  ): Promise<GuestRow> {
    return this.db
      .updateTable('p2p_guests')
      .set(changes)
      .where('id', '=', guest.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Inside a transaction: serialise writers of one session (SQLite transactions are serial already). */
  async lockForUpdate(row: SessionRow): Promise<void> {
    if (this.dialect === 'postgres')
      await this.db.selectFrom(this.#table).select('id').where('id', '=', row.id).forUpdate().execute();
  }

  /**
   * The session's `files_metadata` becomes its guests' lists joined, in guest order: the database strips the
   * brackets of each stored list and concatenates them, so no list is parsed or serialised again here.
   */
  async refreshSessionFiles(row: SessionRow): Promise<void> {
    const inner = sql<string>`substr(files_metadata, 2, length(files_metadata) - 2)`;
    const joined =
      this.dialect === 'postgres'
        ? sql<string>`(select '[' || coalesce(string_agg(${inner}, ',' order by id), '') || ']' from p2p_guests where session_kind = ${this.kind} and session_id = ${row.id} and file_count > 0)`
        : sql<string>`(select '[' || coalesce(group_concat(part, ','), '') || ']' from (select ${inner} as part from p2p_guests where session_kind = ${this.kind} and session_id = ${row.id} and file_count > 0 order by id))`;
    await this.db.updateTable(this.#table).set({ files_metadata: joined }).where('id', '=', row.id).execute();
  }

  async guestsOf(sessionIds: number[]): Promise<Map<number, GuestRow[]>> {
    const byId = new Map<number, GuestRow[]>(sessionIds.map((id) => [id, []]));
    if (sessionIds.length === 0) return byId;
    const rows = await this.db
      .selectFrom('p2p_guests')
      .selectAll()
      .where('session_kind', '=', this.kind)
      .where('session_id', 'in', sessionIds)
      .orderBy('id')
      .execute();
    for (const guest of rows) byId.get(guest.session_id)?.push(guest);
    return byId;
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
