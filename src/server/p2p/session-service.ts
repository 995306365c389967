import type { UserRepository } from '../auth/users.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { HttpError, gone } from '../http/errors.ts';
import type { SessionKind } from '../db/schema.ts';
import type {
  CreateSessionResponse,
  OfferedFile,
  PublicSessionBase,
  FileMetadataInput,
  GuestView,
  OwnerEvent,
  OwnerSessionView,
  ReceivedFile,
  VerifyPinResponse,
} from '../../shared/api/p2p.ts';
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import { isoNow } from '../time.ts';
import { parseFiles, sanitizeReceivedFiles } from './received-files.ts';
import { isExpired, P2PSessionCore, statusOf, type GuestRow, type SessionRow } from './session-core.ts';
import { SessionEventHub } from './session-events.ts';
import { IGNORE_SESSIONS, type SessionObserver } from '../ops/session-observer.ts';

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
    files: parseFiles(guest.files_metadata),
  };
}

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
  ) {
    this.kind = flavor.kind;
    this.core = new P2PSessionCore(db, flavor.kind, dialect);
  }

  async create(userId: number, input: { expiresIn?: number; label?: string | null; offered?: OfferedFile[] }, baseUrl: string): Promise<CreateSessionResponse> {
    const label = cleanDisplayText(input.label ?? '') || null;
    const row = await this.core.create(userId, input.expiresIn ?? this.defaultTtlSeconds, {
      label,
      files_metadata: input.offered ? JSON.stringify(input.offered) : null,
    });
    return { token: row.token, shortcode: row.shortcode, pin: row.pin, url: baseUrl + this.flavor.guestPath(row.shortcode), expiresAt: row.expires_at };
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
    return this.#publicView(this.core.requireOpen(await this.core.byShortcode(shortcode)), clientAddress);
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
    for (const row of await this.core.endAllOfUser(userId)) this.events.publish(this.kind, row.id, { type: 'session-ended', reason: 'cancelled' });
  }

  async cancel(token: string, userId: number): Promise<void> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    if (!row.is_active) return;
    await this.core.cancel(row);
    this.events.publish(this.kind, row.id, { type: 'session-ended', reason: 'cancelled' });
  }

  async resetPin(token: string, userId: number): Promise<string> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    this.core.requireOpen(row);
    return this.core.pins.reset(row.id);
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
      throw new HttpError(423, 'PIN_LOCKED', message, { valid: false, locked: true, attemptsRemaining: 0, lockedUntil: result.lockedUntil, scope: result.scope });
    }
    if (result.outcome === 'wrong') {
      this.observer.pinFailed(this.kind, !result.locked ? null : result.lockedUntil ? 'address' : 'session');
      return { valid: false, attemptsRemaining: result.attemptsRemaining, locked: result.locked, lockedUntil: result.lockedUntil };
    }
    const { ticket, guest } = await this.core.admitGuest(row, clientAddress);
    this.events.publish(this.kind, row.id, { type: 'guest-verified', guest: guestView(guest) });
    this.observer.guestAdmitted(this.kind);
    return { valid: true, attemptsRemaining: result.attemptsRemaining, locked: false, ticket };
  }

  async connect(token: string, ticket: string, peerId: string): Promise<GuestView> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    const guest = guestView(await this.core.registerPeer(await this.core.guestByTicket(row, ticket), peerId));
    this.events.publish(this.kind, row.id, { type: 'guest-connected', guest });
    return guest;
  }

  /** Appends what a guest sent (or, in a share, downloaded) to its own list and, for receive sessions, to files_metadata. */
  async complete(token: string, ticket: string, files: FileMetadataInput[]): Promise<ReceivedFile[]> {
    const row = this.core.requireOpen(await this.core.byToken(token));
    const guest = await this.core.guestByTicket(row, ticket);
    const received = sanitizeReceivedFiles(files, guest.id, isoNow());
    const updated = await this.db.transaction().execute(async (trx) => {
      const core = new P2PSessionCore(trx, this.kind, this.dialect);
      await core.lockForUpdate(row);
      const fresh = await core.guestByTicket(row, ticket);
      const next = await core.updateGuest(fresh, {
        state: 'done',
        completed_at: isoNow(),
        files_metadata: JSON.stringify([...parseFiles(fresh.files_metadata), ...received]),
      });
      if (this.flavor.recordsCompletions) {
        const all = (await core.guestsOf([row.id])).get(row.id) ?? [];
        await core.setFilesMetadata(row, JSON.stringify(all.flatMap((g) => parseFiles(g.files_metadata))));
      }
      return next;
    });
    this.events.publish(this.kind, row.id, { type: 'guest-completed', guest: guestView(updated), files: received });
    this.observer.filesCompleted(this.kind, received.length, received.reduce((sum, file) => sum + file.size, 0));
    return received;
  }

  /** For the owner's event stream: the current state, and every later event until it ends. */
  async subscribe(token: string, userId: number, baseUrl: string, listener: (event: OwnerEvent) => void): Promise<{ snapshot: OwnerSessionView; unsubscribe: () => void }> {
    const row = this.core.requireOwned(await this.core.byToken(token), userId);
    if (isExpired(row)) throw gone('This session has expired.', 'EXPIRED');
    if (!row.is_active) throw gone('This session was cancelled.', 'CANCELLED');
    const unsubscribe = this.events.subscribe(this.kind, row.id, listener);
    return { snapshot: await this.ownerView(token, userId, baseUrl), unsubscribe };
  }

  /** Periodic clean-up: end expired sessions (telling open streams), delete long-ended ones. */
  async cleanup(retentionDays: number): Promise<{ expired: number; deleted: number }> {
    const expired = await this.core.deactivateExpired();
    for (const row of expired) this.events.publish(this.kind, row.id, { type: 'session-ended', reason: 'expired' });
    const deleted = await this.core.deleteEndedBefore(retentionDays);
    return { expired: expired.length, deleted };
  }
}
