import { type Selectable, sql } from 'kysely';
import type { GuestView, ReceivedFile, RevokeReason } from '../../shared/api/p2p.ts';
import { randomHex, sha256Hex } from '../crypto.ts';
import type { P2PGuestsTable, SessionKind } from '../db/schema.ts';
import { isoNow } from '../time.ts';
import { parseFiles } from './file-metadata.ts';
import type { DbOrTransaction, Session } from './session-repository.ts';

/** A guest (one correct PIN entry) exactly as its owner sees it. */
export type Guest = GuestView;

/** What a ticket lookup needs to know: whose ticket it is, and whether it was taken back. */
export interface TicketHolder {
  id: number;
  revokedReason: RevokeReason | null;
}

/** Session ids bound in one statement (SQLite binds at most 32,766 values, PostgreSQL 65,535). */
const ID_SLICE = 1000;

/** A guest whose ticket was just taken back, and the peer id it registered (if it got that far). */
export interface RevokedGuest {
  id: number;
  peerId: string | null;
}

// The one mapping between a guest row and a Guest.
function toGuest(row: Selectable<P2PGuestsTable>): Guest {
  return {
    id: row.id,
    state: row.state,
    peerId: row.peerjs_id,
    clientAddress: row.client_address,
    verifiedAt: row.verified_at,
    connectedAt: row.connected_at,
    completedAt: row.completed_at,
    revokedReason: row.revoked_at ? (row.revoked_reason ?? 'removed') : null,
    files: parseFiles(row.files_metadata),
  };
}

/** The SQL of `p2p_guests` for one session kind: admission by ticket, peer registration, reports, revocation. */
export class GuestRepository {
  constructor(
    private readonly db: DbOrTransaction,
    readonly kind: SessionKind,
  ) {}

  #ofSession(sessionId: number) {
    return this.db.selectFrom('p2p_guests').where('session_kind', '=', this.kind).where('session_id', '=', sessionId);
  }

  /** A correct PIN makes a guest: a random ticket (256 bits) of which only the hash is stored. */
  async admit(session: Session, clientAddress: string): Promise<{ ticket: string; guest: Guest }> {
    const ticket = randomHex(32);
    const row = await this.db
      .insertInto('p2p_guests')
      .values({
        session_kind: this.kind,
        session_id: session.id,
        ticket_hash: sha256Hex(ticket),
        client_address: clientAddress.slice(0, 64),
        state: 'verified',
        verified_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ticket, guest: toGuest(row) };
  }

  /** Whom a ticket was issued to, revoked or not, in this session only (null for any other ticket). */
  async ticketHolder(session: Session, ticket: string): Promise<TicketHolder | null> {
    const row = await this.#ofSession(session.id)
      .select(['id', 'revoked_at', 'revoked_reason'])
      .where('ticket_hash', '=', sha256Hex(ticket))
      .executeTakeFirst();
    if (!row) return null;
    return { id: row.id, revokedReason: row.revoked_at ? (row.revoked_reason ?? 'removed') : null };
  }

  async byId(session: Session, guestId: number): Promise<Guest | null> {
    const row = await this.#ofSession(session.id).selectAll().where('id', '=', guestId).executeTakeFirst();
    return row ? toGuest(row) : null;
  }

  /** The guests of several sessions at once, in admission order, by session id. */
  async ofSessions(sessionIds: number[]): Promise<Map<number, Guest[]>> {
    const bySession = new Map<number, Guest[]>(sessionIds.map((id) => [id, []]));
    if (sessionIds.length === 0) return bySession;
    const rows = await this.db
      .selectFrom('p2p_guests')
      .selectAll()
      .where('session_kind', '=', this.kind)
      .where('session_id', 'in', sessionIds)
      .orderBy('id')
      .execute();
    for (const row of rows) bySession.get(row.session_id)?.push(toGuest(row));
    return bySession;
  }

  /** Takes back the live tickets of a session (or of one guest); answers the guests revoked now. */
  async revoke(session: Session, reason: RevokeReason, guestId?: number): Promise<RevokedGuest[]> {
    let query = this.db
      .updateTable('p2p_guests')
      .set({ revoked_at: isoNow(), revoked_reason: reason })
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', session.id)
      .where('revoked_at', 'is', null);
    if (guestId !== undefined) query = query.where('id', '=', guestId);
    const rows = await query.returning(['id', 'peerjs_id']).execute();
    return rows.map((r) => ({ id: r.id, peerId: r.peerjs_id }));
  }

  /** The peer ids guests of these sessions registered (to hang up on them when the sessions end). */
  async peerIdsOf(sessionIds: readonly number[]): Promise<string[]> {
    const peerIds: string[] = [];
    // In slices: a clean-up may end tens of thousands of sessions, more than one statement may bind.
    for (let at = 0; at < sessionIds.length; at += ID_SLICE) {
      const rows = await this.db
        .selectFrom('p2p_guests')
        .select('peerjs_id')
        .where('session_kind', '=', this.kind)
        .where('session_id', 'in', sessionIds.slice(at, at + ID_SLICE))
        .where('peerjs_id', 'is not', null)
        .execute();
      for (const { peerjs_id } of rows) if (peerjs_id) peerIds.push(peerjs_id);
    }
    return peerIds;
  }

  /** Correct PINs entered from one address since a time, in sessions of either kind (for the admission cap). */
  async admissionsFrom(clientAddress: string, since: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('p2p_guests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_address', '=', clientAddress.slice(0, 64))
      .where('verified_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Guests whose tickets still hold. */
  async liveCount(session: Session): Promise<number> {
    const { n } = await this.#ofSession(session.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Files the other guests of the session reported, summed in SQL (no list is parsed). */
  async fileCountExcept(session: Session, guestId: number): Promise<number> {
    const { n } = await this.#ofSession(session.id)
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('file_count'), sql<number>`0`).as('n'))
      .where('id', '!=', guestId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Registers (or, after a reconnect, replaces) the PeerJS id the owner's browser may dial. */
  async registerPeer(guestId: number, peerId: string): Promise<Guest> {
    const row = await this.db
      .updateTable('p2p_guests')
      .set({ peerjs_id: peerId, state: 'connecting', connected_at: isoNow() })
      .where('id', '=', guestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toGuest(row);
  }

  /** The guest's report: its list replaces the one before (the count is kept beside it for summing in SQL). */
  async recordCompletion(guestId: number, files: ReceivedFile[]): Promise<Guest> {
    const row = await this.db
      .updateTable('p2p_guests')
      .set({
        state: 'done',
        completed_at: isoNow(),
        files_metadata: JSON.stringify(files),
        file_count: files.length,
      })
      .where('id', '=', guestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toGuest(row);
  }
}
