import type { SessionLimits } from '../config.ts';
import type { DialectName } from '../db/dialect.ts';
import { SESSION_TABLES } from '../db/schema.ts';
import { HttpError, sentence } from '../http/errors.ts';
import { isoIn, isoNow } from '../time.ts';
import type { DbOrTransaction } from './session-repository.ts';

const count = (n: unknown) => Number(n ?? 0);

/**
 * The server-wide caps that are counted in the database: sessions a user opens (both directions together),
 * correct-PIN admissions per address, guests per session. Each refusal is an HttpError with a sentence the
 * page can show as it is.
 */
export class SessionQuota {
  constructor(
    readonly limits: SessionLimits,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Inside the create transaction: refuse a new session when the user created too many in the last minute or
   * has too many open. The user's row is locked first on PostgreSQL (SQLite transactions are serial), so a
   * burst of parallel creates is counted one after another.
   */
  async checkCreate(trx: DbOrTransaction, userId: number): Promise<void> {
    if (this.dialect === 'postgres')
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    const minuteAgo = isoIn(-60);
    const now = isoNow();
    let recent = 0;
    let open = 0;
    for (const table of Object.values(SESSION_TABLES)) {
      const row = await trx
        .selectFrom(table)
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('created_at', '>', minuteAgo).as('recent'),
          eb.fn
            .countAll<number>()
            .filterWhere((w) => w.and([w('is_active', '=', true), w('expires_at', '>', now)]))
            .as('open'),
        ])
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      recent += count(row.recent);
      open += count(row.open);
    }
    if (recent >= this.limits.creationsPerMinute) {
      throw new HttpError(
        429,
        'TOO_MANY_CREATIONS',
        sentence('view.apiError.tooManyCreations', { max: this.limits.creationsPerMinute }),
      );
    }
    if (open >= this.limits.activeSessionsPerUser) {
      throw new HttpError(
        409,
        'TOO_MANY_ACTIVE_SESSIONS',
        sentence('view.apiError.tooManyActive', { max: this.limits.activeSessionsPerUser }),
      );
    }
  }

  /** Before a correct PIN makes a guest: this address's admissions in the last minute, and the session's live guests. */
  checkAdmission(recentAdmissionsOfAddress: number, liveGuests: number): void {
    if (recentAdmissionsOfAddress >= this.limits.admissionsPerMinute) {
      throw new HttpError(
        429,
        'TOO_MANY_ADMISSIONS',
        'This device joined too many times in the last minute. Wait a minute and enter the PIN again.',
      );
    }
    if (liveGuests >= this.limits.guestsPerSession) {
      throw new HttpError(
        409,
        'SESSION_FULL',
        `This link already has ${this.limits.guestsPerSession} guests, the most it takes. Ask its owner for a new link.`,
      );
    }
  }

  /** A guest's report (`complete`) may not take the session past the files-per-session cap. */
  checkFiles(otherGuestsFiles: number, reported: number): void {
    if (otherGuestsFiles + reported > this.limits.filesPerSession) {
      throw new HttpError(
        413,
        'TOO_MANY_FILES',
        `This session holds at most ${this.limits.filesPerSession} files in all; ${otherGuestsFiles} are listed already, so ${reported} more do not fit.`,
      );
    }
  }
}
