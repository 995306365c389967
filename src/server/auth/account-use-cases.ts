import type { Transaction } from 'kysely';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { conflict, HttpError, sentence } from '../http/errors.ts';
import { SessionRepository } from '../sessions/session-repository.ts';
import { isoNow } from '../time.ts';
import type { LoginSessionRepository } from './login-session-repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { UserRepository, UserSummary } from './user-repository.ts';

export interface AccountDeps {
  db: Db;
  dialect: DialectName;
  users: UserRepository;
  loginSessions: LoginSessionRepository;
  /**
   * Ends a user's open receive sessions and shares. The server passes its session use cases (which also tell the
   * owner's open event streams); the command-line tool, which has no streams, passes `endSessionsInDb`.
   */
  endSessionsOfUser(userId: number): Promise<void>;
}

/** Ends a user's receive sessions and shares in the database alone (for a process that serves no event streams). */
export function endSessionsInDb(db: Db, dialect: DialectName): (userId: number) => Promise<void> {
  return async (userId) => {
    for (const kind of ['receive', 'share'] as const)
      await new SessionRepository(db, kind, dialect).endAllOfUser(userId);
  };
}

const lastAdmin = () => conflict(sentence('view.apiError.lastAdmin'), 'LAST_ADMIN');

/**
 * What can happen to an account after it is created, for the HTTP routes and the operator's command-line tool
 * alike: one place for "sessions end" and "there is always an active administrator".
 */
export class AccountUseCases {
  constructor(private readonly deps: AccountDeps) {}

  async #require(userId: number): Promise<UserSummary> {
    const user = await this.deps.users.summaryById(userId);
    if (!user) throw new HttpError(404, 'USER_NOT_FOUND', sentence('view.apiError.noSuchUser'));
    return user;
  }

  /**
   * Runs `change` in a transaction after counting the active administrators, and refuses (409 LAST_ADMIN) when
   * `target` is the only one and loses the role. On PostgreSQL the count locks those rows, so two admins
   * demoting each other at once cannot both succeed; SQLite runs write transactions one at a time anyway.
   */
  async #keepingAnAdmin(
    target: number,
    losesAdmin: boolean,
    change: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      if (losesAdmin && (await this.#isOnlyActiveAdmin(trx, target, true))) throw lastAdmin();
      await change(trx);
    });
  }

  async #isOnlyActiveAdmin(db: Db | Transaction<Database>, userId: number, lock: boolean): Promise<boolean> {
    let query = db.selectFrom('users').select('id').where('is_admin', '=', true).where('disabled_at', 'is', null);
    if (lock && this.deps.dialect === 'postgres') query = query.forUpdate();
    const admins = await query.execute();
    return admins.length === 1 && admins[0]?.id === userId;
  }

  /** A user changes their own password; every other login session of theirs ends, `keepSecret`'s stays. */
  async changeOwnPassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
    keepSecret: string | undefined,
  ): Promise<void> {
    const hash = await this.deps.users.passwordHashOf(userId);
    if (!hash || !(await verifyPassword(currentPassword, hash))) {
      throw new HttpError(403, 'WRONG_PASSWORD', sentence('view.apiError.wrongPassword'));
    }
    await this.#storePassword(userId, newPassword);
    await this.deps.loginSessions.endAllOfUser(userId, keepSecret);
  }

  /** An administrator (or the operator) sets someone's password; that user is logged out everywhere else. */
  async resetPassword(userId: number, newPassword: string, keepSecret?: string): Promise<UserSummary> {
    const user = await this.#require(userId);
    await this.#storePassword(userId, newPassword);
    await this.deps.loginSessions.endAllOfUser(userId, keepSecret);
    return user;
  }

  async #storePassword(userId: number, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.deps.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }

  /** Disabling logs the user out everywhere and ends their receive sessions and shares; enabling only lets them log in again. */
  async setDisabled(userId: number, disabled: boolean): Promise<UserSummary> {
    const user = await this.#require(userId);
    await this.#keepingAnAdmin(userId, disabled && user.isAdmin, async (trx) => {
      // Disabling twice keeps the first time.
      if (disabled)
        await trx
          .updateTable('users')
          .set({ disabled_at: isoNow() })
          .where('id', '=', userId)
          .where('disabled_at', 'is', null)
          .execute();
      else await trx.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute();
    });
    if (disabled) await this.#endSessionsAndLogins(userId);
    return this.#require(userId);
  }

  async setAdmin(userId: number, isAdmin: boolean): Promise<UserSummary> {
    const user = await this.#require(userId);
    await this.#keepingAnAdmin(userId, !isAdmin && user.isAdmin && !user.disabled, async (trx) => {
      await trx.updateTable('users').set({ is_admin: isAdmin }).where('id', '=', userId).execute();
    });
    return this.#require(userId);
  }

  /** Deletes the account with its login sessions, receive sessions and shares (and their guests). */
  async delete(userId: number): Promise<void> {
    const user = await this.#require(userId);
    const losesAdmin = user.isAdmin && !user.disabled;
    // Checked before the sessions end too, so a refused delete logs nobody out.
    if (losesAdmin && (await this.#isOnlyActiveAdmin(this.deps.db, userId, false))) throw lastAdmin();
    await this.#endSessionsAndLogins(userId);
    await this.#keepingAnAdmin(userId, losesAdmin, async (trx) => {
      for (const kind of ['receive', 'share'] as const)
        await new SessionRepository(trx, kind, this.deps.dialect).deleteAllOfUser(userId);
      await trx.deleteFrom('login_sessions').where('user_id', '=', userId).execute();
      await trx.deleteFrom('users').where('id', '=', userId).execute();
    });
  }

  async #endSessionsAndLogins(userId: number): Promise<void> {
    // Sessions first: their open event streams still carry "session-ended" before the logins (and streams) end.
    await this.deps.endSessionsOfUser(userId);
    await this.deps.loginSessions.endAllOfUser(userId);
  }
}
