import type { FastifyBaseLogger } from 'fastify';
import type {
  CreateSessionResponse,
  FileMetadataInput,
  GuestLimits,
  OfferedFile,
  OwnerEvent,
  OwnerSessionView,
  PublicSessionBase,
  PublicSessionResponse,
  PublicShareResponse,
  ReceivedFile,
  RevokeReason,
  SessionStatus,
  VerifyPinResponse,
} from '../../shared/api/p2p.ts';
import { overLimits } from '../../shared/guest-limits.ts';
import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { UserRepository } from '../auth/user-repository.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { SessionKind } from '../db/schema.ts';
import { forbidden, gone, HttpError, notFound, sentence } from '../http/errors.ts';
import { ENGLISH } from '../i18n/translations.ts';
import { runSteps } from '../ops/cleanup-steps.ts';
import { IGNORE_SESSIONS, type SessionObserver } from '../ops/session-observer.ts';
import { isoIn, isoNow } from '../time.ts';
import { sanitizeReceivedFiles } from './file-metadata.ts';
import { type Guest, GuestRepository, type RevokedGuest, type TicketHolder } from './guest-repository.ts';
import { PinGuard } from './pin-guard.ts';
import type { SessionEventHub } from './session-events.ts';
import type { SessionKindRules } from './session-kinds.ts';
import type { SessionQuota } from './session-quota.ts';
import { type DbOrTransaction, type Session, SessionRepository } from './session-repository.ts';

/** What an owner may choose when opening a session (receive sessions: label and limits; shares: the offer). */
export interface CreateInput {
  expiresIn?: number;
  label?: string | null;
  offered?: OfferedFile[];
  maxFiles?: number | null;
  maxTotalBytes?: number | null;
}

const REVOKED_TEXT: Record<RevokeReason, string> = {
  'pin-reset': 'The owner set a new PIN, so this ticket no longer works. Enter the new PIN.',
  removed: 'The owner removed you from this session.',
  'over-limit': "The owner's browser refused these files: they are more than this link accepts from one guest.",
};

/** 403 TICKET_REVOKED, with the reason for the guest's page. */
export function ticketRevoked(reason: RevokeReason): HttpError {
  return new HttpError(403, 'TICKET_REVOKED', REVOKED_TEXT[reason], { reason });
}

export function isExpired(session: Session, now = isoNow()): boolean {
  return session.expiresAt <= now;
}

export function statusOf(session: Session): SessionStatus {
  if (isExpired(session)) return 'expired';
  if (!session.isActive) return 'cancelled';
  if (session.pinLockedAt) return 'locked';
  return 'active';
}

/** The session for a public caller: 404 when unknown, 410 once expired or cancelled. */
function requireOpen(session: Session | null): Session {
  if (!session) throw notFound('This link does not exist. Check that it was typed correctly.');
  if (isExpired(session)) throw gone('This link has expired. Ask for a new one.', 'EXPIRED');
  if (!session.isActive) throw gone('This session was cancelled by its owner.', 'CANCELLED');
  return session;
}

/** The session for its owner: 404 when unknown, 403 for anyone else. */
function requireOwned(session: Session | null, ownerId: number): Session {
  if (!session) throw notFound(sentence('view.apiError.noSuchSession'));
  if (session.ownerId !== ownerId) throw forbidden(sentence('view.apiError.notYourSession'), 'NOT_OWNER');
  return session;
}

/** A live ticket: 403 BAD_TICKET for an unknown one, TICKET_REVOKED for one taken back. */
function requireLiveTicket(holder: TicketHolder | null): TicketHolder {
  if (!holder)
    throw new HttpError(403, 'BAD_TICKET', 'This ticket is not valid for this session. Enter the PIN again.');
  if (holder.revokedReason) throw ticketRevoked(holder.revokedReason);
  return holder;
}

/** The repositories of one kind over the database or inside one transaction. */
interface Repositories {
  sessions: SessionRepository;
  guests: GuestRepository;
  pins: PinGuard;
}

/**
 * What owners and guests do with a receive session or a share (the routes only translate HTTP to these calls):
 * PIN, tickets, guests, owner events and expiry work the same for both kinds; `rules` holds what differs.
 */
export class SessionUseCases<TPublic extends PublicSessionBase> {
  readonly kind: SessionKind;
  /** Counts for the operator's metrics; the app sets it when metrics are on. */
  observer: SessionObserver = IGNORE_SESSIONS;
  readonly #repos: Repositories;

  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    readonly defaultTtlSeconds: number,
    private readonly dialect: DialectName,
    readonly rules: SessionKindRules<TPublic>,
    readonly quota: SessionQuota,
    /** Closes the signaling sockets of these peer ids: a guest whose ticket ended keeps no relay. */
    private readonly hangUp: (peerIds: readonly string[]) => void,
    /** The owners' event streams, on this instance and (through the cluster bus) on the others. */
    readonly events: SessionEventHub<OwnerEvent>,
  ) {
    this.kind = rules.kind;
    this.#repos = this.#repositories(db);
  }

  #repositories(db: DbOrTransaction): Repositories {
    return {
      sessions: new SessionRepository(db, this.kind, this.dialect),
      guests: new GuestRepository(db, this.kind),
      pins: new PinGuard(db, this.kind),
    };
  }

  /** Runs `work` in one transaction with the session's row locked: writers of one session go one at a time. */
  #locked<T>(session: Session, work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const repos = this.#repositories(trx);
      await repos.sessions.lockForUpdate(session);
      return work(repos);
    });
  }

  async #byToken(token: string): Promise<Session | null> {
    return this.#repos.sessions.byToken(token);
  }

  async create(ownerId: number, input: CreateInput, baseUrl: string): Promise<CreateSessionResponse> {
    if (input.offered) this.quota.checkFiles(0, input.offered.length);
    const session = await this.db.transaction().execute(async (trx) => {
      await this.quota.checkCreate(trx, ownerId);
      return this.#repositories(trx).sessions.create({
        ownerId,
        expiresInSeconds: input.expiresIn ?? this.defaultTtlSeconds,
        label: cleanDisplayText(input.label ?? '') || null,
        limits: { maxFiles: input.maxFiles ?? null, maxTotalBytes: input.maxTotalBytes ?? null },
        offered: input.offered,
      });
    });
    return {
      token: session.token,
      shortcode: session.shortcode,
      pin: session.pin,
      url: baseUrl + this.rules.guestPath(session.shortcode),
      expiresAt: session.expiresAt,
    };
  }

  async #publicView(session: Session, clientAddress: string): Promise<TPublic> {
    const owner = await this.users.findById(session.ownerId);
    const lock = await this.#repos.pins.lockState(session, clientAddress);
    return {
      ...this.rules.publicFields(session, owner?.username ?? 'Unknown'),
      token: session.token,
      shortcode: session.shortcode,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      isActive: session.isActive,
      isExpired: isExpired(session),
      isLocked: lock.sessionLocked || lock.addressLockedUntil !== null,
    } as TPublic;
  }

  async publicByToken(token: string, clientAddress: string): Promise<TPublic> {
    return this.#publicView(requireOpen(await this.#byToken(token)), clientAddress);
  }

  async publicByShortcode(shortcode: string, clientAddress: string): Promise<TPublic> {
    return (await this.guestPageByShortcode(shortcode, clientAddress)).session;
  }

  /** What the guest's page shows: the public view and the owner's per-guest limits, from one read of the session. */
  async guestPageByShortcode(
    shortcode: string,
    clientAddress: string,
  ): Promise<{ session: TPublic; limits: GuestLimits }> {
    const session = requireOpen(await this.#repos.sessions.byShortcode(shortcode));
    return { session: await this.#publicView(session, clientAddress), limits: session.limits };
  }

  #ownerView(session: Session, guests: Guest[], baseUrl: string): OwnerSessionView {
    return {
      token: session.token,
      shortcode: session.shortcode,
      url: baseUrl + this.rules.guestPath(session.shortcode),
      pin: session.pin,
      label: session.label,
      status: statusOf(session),
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
      isActive: session.isActive && !isExpired(session),
      isExpired: isExpired(session),
      isLocked: session.pinLockedAt !== null,
      pinFailures: session.pinFailures,
      guests,
      files: guests.flatMap((g) => g.files),
      offered: session.offered,
      limits: session.limits,
    };
  }

  async ownerView(token: string, ownerId: number, baseUrl: string): Promise<OwnerSessionView> {
    const session = requireOwned(await this.#byToken(token), ownerId);
    const guests = await this.#repos.guests.ofSessions([session.id]);
    return this.#ownerView(session, guests.get(session.id) ?? [], baseUrl);
  }

  async list(ownerId: number, baseUrl: string): Promise<OwnerSessionView[]> {
    const sessions = await this.#repos.sessions.listOwned(ownerId);
    const guests = await this.#repos.guests.ofSessions(sessions.map((s) => s.id));
    return sessions.map((session) => this.#ownerView(session, guests.get(session.id) ?? [], baseUrl));
  }

  /** An account was disabled or deleted: its open sessions end (guests get 410) and its owner's streams are told. */
  async endAllOfUser(ownerId: number): Promise<void> {
    const ended = await this.#repos.sessions.endAllOfUser(ownerId);
    await this.#ended(
      ended.map((session) => session.id),
      'cancelled',
    );
  }

  async cancel(token: string, ownerId: number): Promise<void> {
    const session = requireOwned(await this.#byToken(token), ownerId);
    if (!session.isActive) return;
    await this.#repos.sessions.cancel(session);
    await this.#ended([session.id], 'cancelled');
  }

  /** Tells the owners' streams that these sessions ended, and hangs up on their guests' signaling sockets. */
  async #ended(sessionIds: readonly number[], reason: 'cancelled' | 'expired'): Promise<void> {
    await Promise.all(sessionIds.map((id) => this.events.publish(this.kind, id, { type: 'session-ended', reason })));
    this.hangUp(await this.#repos.guests.peerIdsOf(sessionIds));
  }

  /** Tells the owner's stream which guests lost their tickets, and hangs up on their signaling sockets. */
  async #revoked(session: Session, revoked: readonly RevokedGuest[], reason: RevokeReason): Promise<void> {
    if (revoked.length === 0) return;
    const guestIds = revoked.map((g) => g.id);
    await this.events.publish(this.kind, session.id, { type: 'guest-revoked', guestIds, reason });
    this.hangUp(revoked.flatMap((g) => (g.peerId ? [g.peerId] : [])));
  }

  /** A new PIN lifts every lock and revokes every ticket issued before it (their connections are closed by the owner's page). */
  async resetPin(token: string, ownerId: number): Promise<string> {
    const session = requireOpen(requireOwned(await this.#byToken(token), ownerId));
    // The session row locked: an admission (which locks it too) comes wholly before or after.
    const { pin, revoked } = await this.#locked(session, async ({ pins, guests }) => ({
      pin: await pins.reset(session.id),
      revoked: await guests.revoke(session, 'pin-reset'),
    }));
    await this.#revoked(session, revoked, 'pin-reset');
    return pin;
  }

  /** The owner takes one guest's ticket back ('removed', or 'over-limit' when the owner's browser refused its files). */
  async removeGuest(
    token: string,
    ownerId: number,
    guestId: number,
    reason: Exclude<RevokeReason, 'pin-reset'> = 'removed',
  ): Promise<Guest> {
    const session = requireOwned(await this.#byToken(token), ownerId);
    const noSuchGuest = () => notFound(sentence('view.apiError.noSuchGuest'));
    if (!(await this.#repos.guests.byId(session, guestId))) throw noSuchGuest();
    await this.#revoked(session, await this.#repos.guests.revoke(session, reason, guestId), reason);
    const removed = await this.#repos.guests.byId(session, guestId);
    if (!removed) throw noSuchGuest();
    return removed;
  }

  /**
   * The guest of a live ticket of an open session, for other parts of the server (e.g. signaling credentials):
   * throws 404/410 for the session, 403 BAD_TICKET or TICKET_REVOKED for the ticket.
   */
  async guestByTicket(token: string, ticket: string): Promise<{ id: number }> {
    const session = requireOpen(await this.#byToken(token));
    return requireLiveTicket(await this.#repos.guests.ticketHolder(session, ticket));
  }

  /** Whether a ticket of this session was issued and then taken back (false for unknown tickets and sessions). */
  async isTicketRevoked(token: string, ticket: string): Promise<boolean> {
    const session = await this.#byToken(token);
    if (!session) return false;
    const holder = await this.#repos.guests.ticketHolder(session, ticket);
    return holder?.revokedReason != null;
  }

  /** 200 for a right or wrong PIN; 423 (PIN_LOCKED) while this address or the whole session is locked. */
  async verifyPin(token: string, pin: string, clientAddress: string): Promise<VerifyPinResponse> {
    const session = requireOpen(await this.#byToken(token));
    if (!/^\d{2}$/.test(pin)) throw new HttpError(400, 'BAD_PIN_FORMAT', 'The PIN is two digits.');
    const result = await this.#repos.pins.check(session, pin, clientAddress);
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
    const { ticket, guest } = await this.#locked(session, async ({ sessions, guests }) => {
      // The PIN changed between the check and now: the ticket would outlive the reset that should revoke it.
      if ((await sessions.byToken(token))?.pin !== pin)
        throw new HttpError(409, 'PIN_CHANGED', 'The PIN was just changed. Ask for the new PIN and enter it.');
      this.quota.checkAdmission(
        await guests.admissionsFrom(clientAddress, isoIn(-60)),
        await guests.liveCount(session),
      );
      return guests.admit(session, clientAddress);
    });
    await this.events.publish(this.kind, session.id, { type: 'guest-verified', guest });
    this.observer.guestAdmitted(this.kind);
    return { valid: true, attemptsRemaining: result.attemptsRemaining, locked: false, ticket };
  }

  /** Registers the peer id the owner may dial; only an id the server issued to this guest (`issuedTo`) is taken. */
  async connect(token: string, ticket: string, peerId: string, issuedTo: (guestId: number) => boolean): Promise<Guest> {
    const session = requireOpen(await this.#byToken(token));
    const holder = requireLiveTicket(await this.#repos.guests.ticketHolder(session, ticket));
    if (!issuedTo(holder.id))
      throw new HttpError(403, 'BAD_PEER_ID', 'This peer id was not issued to this ticket. Reload the page.');
    const guest = await this.#repos.guests.registerPeer(holder.id, peerId);
    await this.events.publish(this.kind, session.id, { type: 'guest-connected', guest });
    return guest;
  }

  /**
   * Records what a guest sent (or, in a share, downloaded): its list *replaces* the guest's earlier one, so
   * repeating the call changes nothing; for receive sessions the session's files_metadata is its guests' lists joined.
   */
  async complete(token: string, ticket: string, files: FileMetadataInput[]): Promise<ReceivedFile[]> {
    const session = requireOpen(await this.#byToken(token));
    const holder = requireLiveTicket(await this.#repos.guests.ticketHolder(session, ticket));
    const over = overLimits(session.limits, files, ENGLISH);
    if (over) throw new HttpError(413, 'OVER_GUEST_LIMIT', over, { limits: session.limits });
    const received = sanitizeReceivedFiles(files, holder.id, isoNow());
    const { guest, earlier } = await this.#locked(session, async ({ sessions, guests }) => {
      const fresh = requireLiveTicket(await guests.ticketHolder(session, ticket));
      // Receive sessions cap the files of all guests together; a share's recipients each report (a part of) the same offer.
      const recorded = this.rules.recordsCompletions;
      this.quota.checkFiles(recorded ? await guests.fileCountExcept(session, fresh.id) : 0, received.length);
      const earlier = (await guests.byId(session, fresh.id))?.files ?? [];
      const updated = await guests.recordCompletion(fresh.id, received);
      if (recorded) await sessions.refreshSessionFiles(session);
      return { guest: updated, earlier };
    });
    await this.events.publish(this.kind, session.id, { type: 'guest-completed', guest, files: received });
    // A report replaces the guest's earlier one: the metrics count only what it adds, so repeating it adds nothing.
    const bytesOf = (list: readonly { size: number }[]) => list.reduce((sum, file) => sum + file.size, 0);
    this.observer.filesCompleted(
      this.kind,
      Math.max(0, received.length - earlier.length),
      Math.max(0, bytesOf(received) - bytesOf(earlier)),
    );
    return received;
  }

  /**
   * For the owner's event stream: the current state, and every later event until it ends. When events may have
   * been lost (the cluster bus came back after an outage) the listener gets a fresh `snapshot`.
   */
  async subscribe(
    token: string,
    ownerId: number,
    baseUrl: string,
    listener: (event: OwnerEvent) => void,
  ): Promise<{ snapshot: OwnerSessionView; unsubscribe: () => void }> {
    const session = requireOwned(await this.#byToken(token), ownerId);
    if (isExpired(session)) throw gone(sentence('view.apiError.sessionExpired'), 'EXPIRED');
    if (!session.isActive) throw gone(sentence('view.apiError.sessionCancelled'), 'CANCELLED');
    const resync = () => {
      this.ownerView(token, ownerId, baseUrl).then(
        (fresh) => listener({ type: 'snapshot', session: fresh }),
        () => undefined, // the session is gone: its stream ends with the owner's next poll (404)
      );
    };
    // Listening before reading the state: an event between the two is delivered, never lost.
    const unsubscribe = await this.events.subscribe(this.kind, session.id, listener, resync);
    try {
      return { snapshot: await this.ownerView(token, ownerId, baseUrl), unsubscribe };
    } catch (error) {
      unsubscribe();
      throw error;
    }
  }

  /** Ends sessions that ran out, telling their open streams. */
  async expireEnded(): Promise<number> {
    const ids = await this.#repos.sessions.deactivateExpired();
    await this.#ended(ids, 'expired');
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
        [`${this.kind}: end expired sessions`]: async () => {
          result.expired = await this.expireEnded();
        },
        [`${this.kind}: delete old sessions`]: async () => {
          result.deleted = await this.#repos.sessions.deleteEndedBefore(retentionDays);
        },
      },
      log,
    );
    return result;
  }
}

/** The use cases of receive sessions (the owner receives, guests send). */
export type ReceiveSessions = SessionUseCases<PublicSessionResponse>;
/** The use cases of shares (the owner sends, guests download). */
export type Shares = SessionUseCases<PublicShareResponse>;
