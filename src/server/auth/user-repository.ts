import { cleanDisplayText } from '../../shared/unsafe-text.ts';
import type { Db } from '../db/index.ts';
import type { DbBoolean } from '../db/schema.ts';
import { badRequest, sentence } from '../http/errors.ts';
import { isoNow } from '../time.ts';
import { hashPassword } from './passwords.ts';

export interface User {
  id: number;
  username: string;
  isAdmin: boolean;
}

/** A user as administrators see it on the Users page. */
export type UserSummary = User & { disabled: boolean; createdAt: string };

export type UserWithHash = UserSummary & { passwordHash: string };

/**
 * A user name as it is stored, shown to guests ("Send files to …") and looked up: without controls, direction
 * overrides or invisible characters, so "admin\u202e" cannot pose as another name. 400 when nothing is left.
 */
export function cleanUsername(raw: string): string {
  const name = cleanDisplayText(raw);
  if (!name) throw badRequest(sentence('view.apiError.usernameBlank'), 'VALIDATION');
  return name;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Looks the name up as `create` stored it, so one typed with an invisible character still matches. */
  async findByUsername(rawUsername: string): Promise<UserWithHash | null> {
    const username = cleanDisplayText(rawUsername);
    if (!username) return null;
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? { ...summary(row), passwordHash: row.password_hash } : null;
  }

  async list(): Promise<UserSummary[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'is_admin', 'disabled_at', 'created_at'])
      .orderBy('username')
      .execute();
    return rows.map(summary);
  }

  async summaryById(id: number): Promise<UserSummary | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'is_admin', 'disabled_at', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? summary(row) : null;
  }

  async passwordHashOf(id: number): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'is_admin'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: row.id, username: row.username, isAdmin: Boolean(row.is_admin) } : null;
  }

  /** Returns null when the username is taken (the unique index decides, so two racing requests cannot both win). */
  async create(rawUsername: string, password: string, isAdmin: boolean): Promise<User | null> {
    const username = cleanUsername(rawUsername);
    const passwordHash = await hashPassword(password);
    try {
      const row = await this.db
        .insertInto('users')
        .values({ username, password_hash: passwordHash, is_admin: isAdmin, created_at: isoNow() })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      return { id: row.id, username, isAdmin };
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }
}

function summary(row: {
  id: number;
  username: string;
  is_admin: DbBoolean;
  disabled_at: string | null;
  created_at: string;
}): UserSummary {
  return {
    id: row.id,
    username: row.username,
    isAdmin: Boolean(row.is_admin),
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

/** A unique index or primary key refused the row (SQLite names the two apart; PostgreSQL does not). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505';
}
