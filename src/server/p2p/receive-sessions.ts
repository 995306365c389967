import type { PublicSessionResponse } from '../../shared/api/p2p.ts';
import type { UserRepository } from '../auth/users.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import type { SessionQuota } from './session-quota.ts';
import { P2PSessionService } from './session-service.ts';

/** Reverse P2P: a logged-in user receives files from guests into the browser. */
export type ReceiveSessionService = P2PSessionService<PublicSessionResponse>;

export function createReceiveSessions(
  db: Db,
  users: UserRepository,
  defaultTtlSeconds: number,
  dialect: DialectName,
  quota: SessionQuota,
): ReceiveSessionService {
  return new P2PSessionService<PublicSessionResponse>(
    db,
    users,
    defaultTtlSeconds,
    dialect,
    {
      kind: 'receive',
      guestPath: (shortcode) => `/p2p/receive/${shortcode}`,
      publicFields: (row, ownerName) => ({ label: row.label ?? null, receiverName: ownerName }),
      offered: () => [],
      recordsCompletions: true,
    },
    quota,
  );
}
