import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { constantTimeEqual } from '../crypto.ts';
import { SESSION_TABLES, type SessionKind } from '../db/schema.ts';
import { isoIn, isoNow } from '../time.ts';
import type { DbOrTransaction, Session } from './session-repository.ts';

/**
 * 3 wrong PINs lock one address out for 15 minutes; 10 in all lock the session until a new PIN
 * (docs/api.md, "PIN locks").
 */
export const PIN_POLICY = {
  perAddressLimit: 3,
  perAddressLockSeconds: 15 * 60,
  totalLimit: 10,
} as const;

/** Two digits from the CSPRNG, "00" to "99". */
export function generatePin(): string {
  return String(randomInt(100)).padStart(2, '0');
}

export type PinCheck =
  | { outcome: 'valid'; attemptsRemaining: number }
  | { outcome: 'wrong'; attemptsRemaining: number; locked: boolean; lockedUntil: string | null }
  | { outcome: 'locked'; scope: 'address' | 'session'; lockedUntil: string | null };

export interface PinLockState {
  sessionLocked: boolean;
  addressLockedUntil: string | null;
  attemptsRemaining: number;
}

/**
 * Checks PINs with the lock rules counted in the database. Every guess first *reserves* an attempt with a
 * conditional increment (`… WHERE failures < limit RETURNING`), then compares; a correct guess gives the
 * reservation back. So any number of parallel guesses can never get more than the limits through.
 */
export class PinGuard {
  constructor(
    private readonly db: DbOrTransaction,
    private readonly kind: SessionKind,
  ) {}

  private attemptsKey(sessionId: number, address: string) {
    return this.db
      .updateTable('p2p_pin_attempts')
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', sessionId)
      .where('client_address', '=', address);
  }

  async lockState(session: Pick<Session, 'id' | 'pinLockedAt'>, address: string): Promise<PinLockState> {
    const row = await this.db
      .selectFrom('p2p_pin_attempts')
      .select(['failures', 'locked_until'])
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', session.id)
      .where('client_address', '=', address)
      .executeTakeFirst();
    const lockRunOut = row?.locked_until != null && row.locked_until <= isoNow();
    const failures = !row || lockRunOut ? 0 : row.failures;
    const lockedUntil = row?.locked_until && !lockRunOut ? row.locked_until : null;
    return {
      sessionLocked: session.pinLockedAt !== null,
      addressLockedUntil: lockedUntil,
      attemptsRemaining: Math.max(0, PIN_POLICY.perAddressLimit - failures),
    };
  }

  async check(
    session: Pick<Session, 'id' | 'pin' | 'pinLockedAt'>,
    candidate: string,
    address: string,
  ): Promise<PinCheck> {
    if (session.pinLockedAt) return { outcome: 'locked', scope: 'session', lockedUntil: null };
    const now = isoNow();
    const table = SESSION_TABLES[this.kind];

    // An address lock that has run out starts over.
    await this.attemptsKey(session.id, address)
      .set({ failures: 0, locked_until: null })
      .where('locked_until', '<=', now)
      .execute();
    await this.db
      .insertInto('p2p_pin_attempts')
      .values({
        session_kind: this.kind,
        session_id: session.id,
        client_address: address,
        failures: 0,
        locked_until: null,
      })
      .onConflict((oc) => oc.columns(['session_kind', 'session_id', 'client_address']).doNothing())
      .execute();

    const addressSlot = await this.attemptsKey(session.id, address)
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('failures', '<', PIN_POLICY.perAddressLimit)
      .where('locked_until', 'is', null)
      .returning(['failures'])
      .executeTakeFirst();
    if (!addressSlot) {
      const state = await this.lockState(session, address);
      return {
        outcome: 'locked',
        scope: 'address',
        lockedUntil: state.addressLockedUntil ?? isoIn(PIN_POLICY.perAddressLockSeconds),
      };
    }

    const totalSlot = await this.db
      .updateTable(table)
      .set({ pin_attempts: sql`pin_attempts + 1` })
      .where('id', '=', session.id)
      .where('pin_attempts', '<', PIN_POLICY.totalLimit)
      .where('pin_locked_at', 'is', null)
      .returning(['pin_attempts'])
      .executeTakeFirst();
    if (!totalSlot) {
      await this.attemptsKey(session.id, address)
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .execute();
      return { outcome: 'locked', scope: 'session', lockedUntil: null };
    }

    if (constantTimeEqual(candidate, session.pin)) {
      await this.attemptsKey(session.id, address).set({ failures: 0 }).execute();
      await this.db
        .updateTable(table)
        .set({ pin_attempts: sql`pin_attempts - 1` })
        .where('id', '=', session.id)
        .execute();
      return { outcome: 'valid', attemptsRemaining: PIN_POLICY.perAddressLimit };
    }

    let lockedUntil: string | null = null;
    if (addressSlot.failures >= PIN_POLICY.perAddressLimit) {
      lockedUntil = isoIn(PIN_POLICY.perAddressLockSeconds);
      await this.attemptsKey(session.id, address).set({ locked_until: lockedUntil }).execute();
    }
    const sessionLocked = Number(totalSlot.pin_attempts) >= PIN_POLICY.totalLimit;
    if (sessionLocked) {
      await this.db
        .updateTable(table)
        .set({ pin_locked_at: isoNow() })
        .where('id', '=', session.id)
        .where('pin_locked_at', 'is', null)
        .execute();
    }
    return {
      outcome: 'wrong',
      attemptsRemaining: sessionLocked ? 0 : PIN_POLICY.perAddressLimit - addressSlot.failures,
      locked: lockedUntil !== null || sessionLocked,
      lockedUntil,
    };
  }

  /** A new PIN lifts every lock of the session. */
  async reset(sessionId: number): Promise<string> {
    const pin = generatePin();
    await this.db
      .updateTable(SESSION_TABLES[this.kind])
      .set({ pin, pin_attempts: 0, pin_locked_at: null })
      .where('id', '=', sessionId)
      .execute();
    await this.db
      .deleteFrom('p2p_pin_attempts')
      .where('session_kind', '=', this.kind)
      .where('session_id', '=', sessionId)
      .execute();
    return pin;
  }
}
