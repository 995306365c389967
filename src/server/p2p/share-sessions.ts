import type { OfferedFile, PublicShareResponse } from '../../shared/api/p2p.ts';
import type { UserRepository } from '../auth/users.ts';
import type { DialectName } from '../db/dialect.ts';
import type { Db } from '../db/index.ts';
import { parseJsonList } from './received-files.ts';
import type { SessionQuota } from './session-quota.ts';
import { P2PSessionService } from './session-service.ts';

/** Forward P2P: a logged-in user offers files that guests download from the user's browser. */
export type ShareSessionService = P2PSessionService<PublicShareResponse>;

export function createShareSessions(
  db: Db,
  users: UserRepository,
  defaultTtlSeconds: number,
  dialect: DialectName,
  quota: SessionQuota,
): ShareSessionService {
  return new P2PSessionService<PublicShareResponse>(
    db,
    users,
    defaultTtlSeconds,
    dialect,
    {
      kind: 'share',
      guestPath: (shortcode) => `/p2p/${shortcode}`,
      // The files on offer are kept in the share's files_metadata, as in the original project.
      publicFields: (row, ownerName) => ({
        senderName: ownerName,
        files: parseJsonList<OfferedFile>(row.files_metadata),
      }),
      offered: (row) => parseJsonList<OfferedFile>(row.files_metadata),
      recordsCompletions: false,
    },
    quota,
  );
}
