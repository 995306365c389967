import type { Db } from '../db/index.ts';
import { isoNow } from '../time.ts';
import { isUniqueViolation } from './user-repository.ts';

/** Which user here an account at an OpenID Connect provider (issuer + subject) is (migration 019). */
export class OidcIdentityRepository {
  constructor(private readonly db: Db) {}

  async userIdOf(issuer: string, subject: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('oidc_identities')
      .select('user_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  /**
   * Links the subject to the user. False when either side is linked already (the subject to anyone, or the user
   * to another subject of this issuer): the database's keys decide, so two racing first sign-ins cannot both link.
   */
  async link(issuer: string, subject: string, userId: number): Promise<boolean> {
    try {
      await this.db
        .insertInto('oidc_identities')
        .values({ issuer, subject, user_id: userId, created_at: isoNow() })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
