import type { CredentialSource, SignalingCredential } from '../engine/index.ts';
import { api } from './api.ts';
import { checkingRelay } from './relay-check.ts';

// Both check a relay-only credential against the relay, so the page says so when it refuses (relay-check.ts).

/** A logged-in owner's page: credentials from the owner endpoint (the CSRF header comes with `api`). */
export const ownerCredentials: CredentialSource = checkingRelay((peerId) =>
  api<SignalingCredential>('POST', '/api/signaling/credential', peerId ? { peerId } : {}),
);

/** A guest's page: credentials for the holder of `ticket` on the session at `sessionUrl` (e.g. /api/p2p/receive/<token>). */
export function guestCredentials(sessionUrl: string, ticket: string): CredentialSource {
  return checkingRelay((peerId) =>
    api<SignalingCredential>('POST', `${sessionUrl}/signaling`, peerId ? { ticket, peerId } : { ticket }),
  );
}
