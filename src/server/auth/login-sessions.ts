import type { Db } from '../db/index.ts';
import { randomHex, sha256Hex } from '../crypto.ts';
import { isoIn, isoNow } from '../time.ts';
import type { User } from './users.ts';

const SESSION_SECONDS = 14 * 24 * 3600;

export interface LoginSession {
  user: User;
  csrfToken: string;
}

/** Login sessions live in the database; the cookie holds a random secret whose SHA-256 is the row id. */
export class LoginSessionRepository {
  constructor(private readonly db: Db) {}

  async create(userId: number): Promise<{ secret: string; csrfToken: string; maxAgeSeconds: number }> {
    const secret = randomHex(32);
    const csrfToken = randomHex(32);
    await this.db
      .insertInto('login_sessions')
      .values({ id: sha256Hex(secret), user_id: userId, csrf_token: csrfToken, created_at: isoNow(), expires_at: isoIn(SESSION_SECONDS) })
      .execute();
    return { secret, csrfToken, maxAgeSeconds: SESSION_SECONDS };
  }

  /** The live session and its user, in one query (this runs on every page and API request). */
  async find(secret: string): Promise<LoginSession | null> {
    const row = await this.db
      .selectFrom('login_sessions')
      .innerJoin('users', 'users.id', 'login_sessions.user_id')
      .select(['users.id', 'users.username', 'users.is_admin', 'login_sessions.csrf_token'])
      .where('login_sessions.id', '=', sha256Hex(secret))
      .where('login_sessions.expires_at', '>', isoNow())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    return row ? { user: { id: row.id, username: row.username, isAdmin: Boolean(row.is_admin) }, csrfToken: row.csrf_token } : null;
  }

  async destroy(secret: string): Promise<void> {
    await this.db.deleteFrom('login_sessions').where('id', '=', sha256Hex(secret)).execute();
  }

  /** Logs a user out everywhere, except (when given) the session whose cookie holds `keepSecret`. */
  async endAllOfUser(userId: number, keepSecret?: string): Promise<number> {
    let query = this.db.deleteFrom('login_sessions').where('user_id', '=', userId);
    if (keepSecret) query = query.where('id', '!=', sha256Hex(keepSecret));
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(): Promise<number> {
    const result = await this.db.deleteFrom('login_sessions').where('expires_at', '<=', isoNow()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
