import type { FastifyBaseLogger } from 'fastify';
import type {
  CreateSessionResponse,
  FileMetadataInput,
  GuestLimits,
  GuestView,
  OfferedFile,
  OwnerEvent,
  OwnerSessionView,
  PublicSessionBase,
  ReceivedFile,
  VerifyPinResponse,
} from '../../shared/api/p2p.ts';
import { overLimits } from '../../shared/guest-limits.ts';
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { UserRepository } from '../auth/users.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { RevokeReason, SessionKind } from '../db/schema.ts';
import { gone, HttpError, notFound } from '../http/errors.ts';
import { IGNORE_SESSIONS, type SessionObserver } from '../ops/session-observer.ts';
import { isoNow } from '../time.ts';
import { runSteps } from './cleanup.ts';
import { parseFiles, sanitizeReceivedFiles } from './received-files.ts';
import { type GuestRow, isExpired, P2PSessionCore, type SessionRow, statusOf } from './session-core.ts';
import { SessionEventHub } from './session-events.ts';
import type { SessionQuota } from './session-quota.ts';

export interface CreateInput {
  expiresIn?: number;
  label?: string | null;
  offered?: OfferedFile[];
  maxFiles?: number | null;
  maxTotalBytes?: number | null;
}

/** What differs between the two directions; everything else is in this service and the core. */
export interface SessionFlavor<TPublic> {
  kind: SessionKind;
  /** The guest page of a shortcode, e.g. /p2p/receive/abc or /p2p/abc. */
  guestPath(shortcode: string): string;
  /** Direction-specific public fields (receive: label + receiver name; share: sender name + files on offer). */
  publicFields(row: SessionRow, ownerName: string): Omit<TPublic, keyof PublicSessionBase>;
  /** Files on offer in a share (empty for receive sessions). */
  offered(row: SessionRow): OfferedFile[];
  /** Where what guests report (`complete`) is kept on the session row, if anywhere. */
  recordsCompletions: boolean;
}

function guestView(guest: GuestRow): GuestView {
  return {
    id: guest.id,
    state: guest.state,
    peerId: guest.peerjs_id,
    clientAddress: guest.client_address,
    verifiedAt: guest.verified_at,
    connectedAt: guest.connected_at,
    completedAt: guest.completed_at,
    revokedReason: guest.revoked_at ? (guest.revoked_reason ?? 'removed') : null,
    files: parseFiles(guest.files_metadata),
  };
}

/** What one guest may send in this session (null: no limit); shares have none. */
export function limitsOf(row: SessionRow): GuestLimits {
  return {
    maxFiles: row.max_files ?? null,
    maxTotalBytes: row.max_total_bytes == null ? null : Number(row.max_total_bytes),
  };
}

/** A guest's report over the session's per-guest limits (a hostile guest may skip the page that enforces them). */
/**
 * A P2P session as the HTTP layer uses it, for either direction (reverse: guests send to the owner; forward:
 * the owner sends to guests). PIN, tickets, guests, owner events and expiry work the same for both.
 */
export class P2PSessionService<TPublic extends PublicSessionBase> {
  readonly core: P2PSessionCore;
  readonly events = new SessionEventHub<OwnerEvent>();
  readonly kind: SessionKind;
  /** Counts for the operator's metrics; the app sets it when metrics are on. */
  observer: SessionObserver = IGNORE_SESSIONS;

  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    readonly defaultTtlSeconds: number,
    private readonly dialect: DialectName,
    private readonly flavor: SessionFlavor<TPublic>,
    readonly quota: SessionQuota,
  ) {
    this.kind = flavor.kind;
    this.core = new P2PSessionCore(db, flavor.kind, dialect);
  }

  async create(userId: number, input: CreateInput, baseUrl: string): Promise<CreateSessionResponse> {
    const label = cleanDisplayText(input.label ?? '') || null;
    if (input.offered) this.quota.checkFiles(0, input.offered.length);
    const row = await this.db.transaction().execute(async (trx) => {
      await this.quota.checkCreate(trx, userId);
      return new P2PSessionCore(trx, this.kind, this.dialect).create(
        userId,
        input.expiresIn ?? this.defaultTtlSeconds,
        {
          label,
          files_metadata: input.offered ? JSON.stringify(input.offered) : null,
          max_files: input.maxFiles ?? null,
          max_total_bytes: input.maxTotalBytes ?? null,
        },
      );
    });
    return {
      token: row.token,
      shortcode: row.shortcode,
      pin: row.pin,
      url: baseUrl + this.flavor.guestPath(row.shortcode),
      expiresAt: row.expires_at,
    };
  }

  async #publicView(row: SessionRow, clientAddress: string): Promise<TPublic> {
    const owner = await this.users.findById(row.user_id);
    const lock = await this.core.pins.lockState(row, clientAddress);
    return {
      ...this.flavor.publicFields(row, owner?.username ?? 'Unknown'),
      token: row.token,
      shortcode: row.shortcode,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      isActive: Boolean(row.is_active),
      isExpired: isExpired(row),
      isLocked: lock.sessionLocked || lock.addressLockedUntil !== null,
    } as TPublic;
  }

  async publicByToken(token: string, clientAddress: string): Promise<TPublic> {
    return this.#publicView(this.core.requireOpen(await this.core.byToken(token)), clientAddress);
  }

  async publicByShortcode(shortcode: string, clientAddress: string): Promise<TPublic> {
    return (await this.guestPageByShortcode(shortcode, clientAddress)).session;
  }

  /** What the guest's page shows: the public view and the owner's per-guest limits, from one read of the session. */
  async guestPageByShortcode(
    shortcode: string,
    clientAddress: string,
  ): Promise<{ session: TPublic; limits: GuestLimits }> {
    const row = this.core.requireOpen(await this.core.byShortcode(shortcode));
    return { session: await this.#publicView(row, clientAddress), limits: limitsOf(row) };
  }

  #ownerView(row: SessionRow, guests: GuestRow[], baseUrl: string): OwnerSessionView {
    const views = guests.map(guestView);
    return {
      token: row.token,
      shortcode: row.shortcode,
      url: baseUrl + this.flavor.guestPath(row.shortcode),
      pin: row.pin,
      label: row.label ?? null,
      status: statusOf(row),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      isActive: Boolean(row.is_active) && !isExpired(row),
      isExpired: isExpired(row),
      isLocked: row.pin_locked_at !== null,
      pinFailures: Number(row.pin_attempts ?? 0),
      guests: views,
      files: views.flatMap((g) => g.files),
      offered: this.flavor.offered(row),
      limits: limitsOf(row),
    };
  }

  async ownerView(token: string, userId: number, baseUrl: string): Promise<OwnerSessionView> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    const guests = await this.core.guestsOf([row.id]);
    return this.#ownerView(row, guests.get(row.id) ?? [], baseUrl);
  }

  async list(userId: number, baseUrl: string): Promise<OwnerSessionView[]> {
    const rows = await this.core.listOwned(userId);
    const guests = await this.core.guestsOf(rows.map((r) => r.id));
    return rows.map((row) => this.#ownerView(row, guests.get(row.id) ?? [], baseUrl));
  }

  /** An account was disabled or deleted: its open sessions end (guests get 410) and its owner's streams are told. */
  async endAllOfUser(userId: number): Promise<void> {
    for (const row of await this.core.endAllOfUser(userId))
      this.events.publish(this.kind, row.id, { type: 'session-ended', reason: 'cancelled' });
  }

  async cancel(token: string, userId: number): Promise<void> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    if (!row.is_active) return;
    await this.core.cancel(row);
    this.events.publish(this.kind, row.id, { type: 'session-ended', reason: 'cancelled' });
  }

  /** A new PIN lifts every lock and revokes every ticket issued before it (their connections are closed by the owner's page). */
  async resetPin(token: string, userId: number): Promise<string> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    this.core.requireOpen(row);
    // One transaction, the session row locked: an admission (which locks it too) comes wholly before or after.
    const { pin, guestIds } = await this.db.transaction().execute(async (trx) => {
      const core = new P2PSessionCore(trx, this.kind, this.dialect);
      await core.lockForUpdate(row);
      return { pin: await core.pins.reset(row.id), guestIds: await core.revokeGuests(row, 'pin-reset') };
    });
    if (guestIds.length)
      this.events.publish(this.kind, row.id, { type: 'guest-revoked', guestIds, reason: 'pin-reset' });
    return pin;
  }

  /** The owner takes one guest's ticket back ('removed', or 'over-limit' when the owner's browser refused its files). */
  async removeGuest(
    token: string,
    userId: number,
    guestId: number,
    reason: Exclude<RevokeReason, 'pin-reset'> = 'removed',
  ): Promise<GuestView> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    if (!(await this.core.guestById(row, guestId))) throw notFound('This session has no such guest.');
    await this.#revoke(row, reason, guestId);
    return guestView((await this.core.guestById(row, guestId))!);
  }

  async #revoke(row: SessionRow, reason: RevokeReason, guestId?: number): Promise<void> {
    const guestIds = await this.core.revokeGuests(row, reason, guestId);
    if (guestIds.length) this.events.publish(this.kind, row.id, { type: 'guest-revoked', guestIds, reason });
  }

  /**
   * The guest of a live ticket of an open session, for other parts of the server (e.g. signaling credentials):
   * throws 404/410 for the session, 403 BAD_TICKET or TICKET_REVOKED for the ticket.
   */
  async guestByTicket(token: string, ticket: string): Promise<GuestRow> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    return this.core.guestByTicket(row, ticket);
  }

  /** Whether a ticket of this session was issued and then taken back (false for unknown tickets and sessions). */
  async isTicketRevoked(token: string, ticket: string): Promise<boolean> {
    const row = await this.core.byToken(token);
    if (!row) return false;
    const guest = await this.core.findGuestByTicket(row, ticket);
    return guest?.revoked_at != null;
  }

  /** 200 for a right or wrong PIN; 423 (PIN_LOCKED) while this address or the whole session is locked. */
  async verifyPin(token: string, pin: string, clientAddress: string): Promise<VerifyPinResponse> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    if (!/^\d{2}$/.test(pin)) throw new HttpError(400, 'BAD_PIN_FORMAT', 'The PIN is two digits.');
    const result = await this.core.pins.check(row, pin, clientAddress);
    if (result.outcome === 'locked') {
      const message =
        result.scope === 'session'
          ? 'Too many wrong PINs: this link is locked until its owner sets a new PIN.'
          : 'Too many wrong PINs from this device. Try again in 15 minutes.';
      throw new HttpError(423, 'PIN_LOCKED', message, {
        valid: false,
        locked: true,
        attemptsRemaining: 0,
        lockedUntil: result.lockedUntil,
        scope: result.scope,
      });
    }
    if (result.outcome === 'wrong') {
      this.observer.pinFailed(this.kind, !result.locked ? null : result.lockedUntil ? 'address' : 'session');
      return {
        valid: false,
        attemptsRemaining: result.attemptsRemaining,
        locked: result.locked,
        lockedUntil: result.lockedUntil,
      };
    }
    const { ticket, guest } = await this.db.transaction().execute(async (trx) => {
      const core = new P2PSessionCore(trx, this.kind, this.dialect);
      await core.lockForUpdate(row);
      // The PIN changed between the check and now: the ticket would outlive the reset that should revoke it.
      if ((await core.byToken(token))?.pin !== pin)
        throw new HttpError(409, 'PIN_CHANGED', 'The PIN was just changed. Ask for the new PIN and enter it.');
      await this.quota.checkAdmission(trx, clientAddress, await core.liveGuestCount(row));
      return core.admitGuest(row, clientAddress);
    });
    this.events.publish(this.kind, row.id, { type: 'guest-verified', guest: guestView(guest) });
    this.observer.guestAdmitted(this.kind);
    return { valid: true, attemptsRemaining: result.attemptsRemaining, locked: false, ticket };
  }

  /** Registers the peer id the owner may dial; only an id the server issued to this guest (`issuedTo`) is taken. */
  async connect(
    token: string,
    ticket: string,
    peerId: string,
    issuedTo: (guestId: number) => boolean,
  ): Promise<GuestView> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    const holder = await this.core.guestByTicket(row, ticket);
    if (!issuedTo(holder.id))
      throw new HttpError(403, 'BAD_PEER_ID', 'This peer id was not issued to this ticket. Reload the page.');
    const guest = guestView(await this.core.registerPeer(holder, peerId));
    this.events.publish(this.kind, row.id, { type: 'guest-connected', guest });
    return guest;
  }

  /**
   * Records what a guest sent (or, in a share, downloaded): its list *replaces* the guest's earlier one, so
   * repeating the call changes nothing; for receive sessions the session's files_metadata is its guests' lists joined.
   */
  async complete(token: string, ticket: string, files: FileMetadataInput[]): Promise<ReceivedFile[]> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    const guest = await this.core.guestByTicket(row, ticket);
    const over = overLimits(limitsOf(row), files);
    if (over) throw new HttpError(413, 'OVER_GUEST_LIMIT', over, { limits: limitsOf(row) });
    const received = sanitizeReceivedFiles(files, guest.id, isoNow());
    const updated = await this.db.transaction().execute(async (trx) => {
      const core = new P2PSessionCore(trx, this.kind, this.dialect);
      await core.lockForUpdate(row);
      const fresh = await core.guestByTicket(row, ticket);
      // Receive sessions cap the files of all guests together; a share's recipients each report (a part of) the same offer.
      this.quota.checkFiles(
        this.flavor.recordsCompletions ? await core.fileCountExcept(row, fresh.id) : 0,
        received.length,
      );
      const next = await core.updateGuest(fresh, {
        state: 'done',
        completed_at: isoNow(),
        files_metadata: JSON.stringify(received),
        file_count: received.length,
      });
      if (this.flavor.recordsCompletions) await core.refreshSessionFiles(row);
      return next;
    });
    this.events.publish(this.kind, row.id, { type: 'guest-completed', guest: guestView(updated), files: received });
    this.observer.filesCompleted(
      this.kind,
      received.length,
      received.reduce((sum, file) => sum + file.size, 0),
    );
    return received;
  }

  /** For the owner's event stream: the current state, and every later event until it ends. */
  async subscribe(
    token: string,
    userId: number,
    baseUrl: string,
    listener: (event: OwnerEvent) => void,
  ): Promise<{ snapshot: OwnerSessionView; unsubscribe: () => void }> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    if (isExpired(row)) throw gone('This session has expired.', 'EXPIRED');
    if (!row.is_active) throw gone('This session was cancelled.', 'CANCELLED');
    const unsubscribe = this.events.subscribe(this.kind, row.id, listener);
    return { snapshot: await this.ownerView(token, userId, baseUrl), unsubscribe };
  }

  /** Ends sessions that ran out, telling their open streams. */
  async expireEnded(): Promise<number> {
    const ids = await this.core.deactivateExpired();
    for (const id of ids) this.events.publish(this.kind, id, { type: 'session-ended', reason: 'expired' });
    return ids.length;
  }

  /**
   * Periodic clean-up: end expired sessions, delete long-ended ones. The steps are independent: one failing is
   * logged (when `log` is given) or thrown after the other has run.
   */
  async cleanup(retentionDays: number, log?: FastifyBaseLogger): Promise<{ expired: number; deleted: number }> {
    const result = { expired: 0, deleted: 0 };
    await runSteps(
      {
        [`${this.kind}: end expired sessions`]: async () => void (result.expired = await this.expireEnded()),
        [`${this.kind}: delete old sessions`]: async () =>
          void (result.deleted = await this.core.deleteEndedBefore(retentionDays)),
      },
      log,
    );
    return result;
  }
}
