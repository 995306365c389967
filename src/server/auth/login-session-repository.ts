import type { Cluster } from '../cluster/cluster.ts';
import { randomHex, sha256Hex } from '../crypto.ts';
import type { Db } from '../db/index.ts';
import { isoIn, isoNow } from '../time.ts';
import type { User } from './user-repository.ts';

const SESSION_SECONDS = 14 * 24 * 3600;

export interface LoginSession {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

/** setTimeout's longest delay; a later expiry is checked again when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Login ids bound in one statement (SQLite binds at most 32,766 values). */
const ID_SLICE = 1000;
/** The cluster bus channel of ended logins: a logout on one instance ends the streams it opened on the others. */
const ENDED_CHANNEL = 'logins-ended';

/** Login sessions live in the database; the cookie holds a random secret whose SHA-256 is the row id. */
export class LoginSessionRepository {
  /** Callbacks of long-lived responses (event streams) per login, told when that login ends. */
  readonly #watchers = new Map<string, Set<() => void>>();

  /** With a cluster, logins ended here end what they opened on every instance (the other instances' own ends reach here). */
  constructor(
    private readonly db: Db,
    private readonly cluster: Pick<Cluster, 'publish' | 'subscribe'> | null = null,
  ) {
    cluster?.subscribe(ENDED_CHANNEL, (message) => {
      for (const id of (message as { ids: string[] }).ids) this.#endedHere(id);
    });
  }

  /**
   * Calls `onEnd` once when this login ends: at logout (or a new login from the same browser), or when it
   * expires. Answers the unsubscribe. Long-lived responses use it so they end with the login they were opened by.
   */
  watch(secret: string, expiresAt: string, onEnd: () => void): () => void {
    const id = sha256Hex(secret);
    const set = this.#watchers.get(id) ?? new Set<() => void>();
    this.#watchers.set(id, set);
    let timer: NodeJS.Timeout | undefined;
    const fire = () => {
      unsubscribe();
      onEnd();
    };
    const arm = () => {
      const left = Date.parse(expiresAt) - Date.now();
      timer = left <= 0 ? undefined : setTimeout(left > MAX_TIMER_MS ? arm : fire, Math.min(left, MAX_TIMER_MS));
      timer?.unref();
      if (left <= 0) queueMicrotask(fire);
    };
    const unsubscribe = () => {
      if (timer) clearTimeout(timer);
      set.delete(fire);
      if (set.size === 0 && this.#watchers.get(id) === set) this.#watchers.delete(id);
    };
    set.add(fire);
    arm();
    return unsubscribe;
  }

  async create(userId: number): Promise<{ secret: string; csrfToken: string; maxAgeSeconds: number }> {
    const secret = randomHex(32);
    const csrfToken = randomHex(32);
    await this.db
      .insertInto('login_sessions')
      .values({
        id: sha256Hex(secret),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: isoNow(),
        expires_at: isoIn(SESSION_SECONDS),
      })
      .execute();
    return { secret, csrfToken, maxAgeSeconds: SESSION_SECONDS };
  }

  /** The live session and its user, in one query (this runs on every page and API request). */
  async find(secret: string): Promise<LoginSession | null> {
    const row = await this.db
      .selectFrom('login_sessions')
      .innerJoin('users', 'users.id', 'login_sessions.user_id')
      .select([
        'users.id',
        'users.username',
        'users.is_admin',
        'login_sessions.csrf_token',
        'login_sessions.expires_at',
      ])
      .where('login_sessions.id', '=', sha256Hex(secret))
      .where('login_sessions.expires_at', '>', isoNow())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    return row
      ? {
          user: { id: row.id, username: row.username, isAdmin: Boolean(row.is_admin) },
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async destroy(secret: string): Promise<void> {
    const id = sha256Hex(secret);
    await this.db.deleteFrom('login_sessions').where('id', '=', id).execute();
    await this.#ended([id]);
  }

  /** Logs a user out everywhere, except (when given) the session whose cookie holds `keepSecret`. */
  async endAllOfUser(userId: number, keepSecret?: string): Promise<number> {
    let query = this.db.deleteFrom('login_sessions').where('user_id', '=', userId);
    if (keepSecret) query = query.where('id', '!=', sha256Hex(keepSecret));
    const ended = await query.returning('id').execute();
    await this.#ended(ended.map(({ id }) => id));
    return ended.length;
  }

  /** What was opened under these logins (event streams) ends with them, here and on the other instances. */
  async #ended(ids: string[]): Promise<void> {
    for (const id of ids) this.#endedHere(id);
    if (ids.length > 0) await this.cluster?.publish(ENDED_CHANNEL, { ids });
  }

  #endedHere(id: string): void {
    for (const onEnd of [...(this.#watchers.get(id) ?? [])]) onEnd();
  }

  /**
   * Ends what was opened under logins that no longer exist although this process never ended them: the
   * operator's command line (`npm run admin -- disable`) deletes them from another process, and another
   * instance's news of an end is lost while Redis is down. Every instance runs it for its own. Answers how many.
   */
  async endVanished(): Promise<number> {
    const watched = [...this.#watchers.keys()];
    const alive = new Set<string>();
    for (let at = 0; at < watched.length; at += ID_SLICE) {
      const rows = await this.db
        .selectFrom('login_sessions')
        .select('id')
        .where('id', 'in', watched.slice(at, at + ID_SLICE))
        .execute();
      for (const { id } of rows) alive.add(id);
    }
    const vanished = watched.filter((id) => !alive.has(id));
    for (const id of vanished) this.#endedHere(id);
    return vanished.length;
  }

  async deleteExpired(): Promise<number> {
    const result = await this.db.deleteFrom('login_sessions').where('expires_at', '<=', isoNow()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
