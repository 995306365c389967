/**
 * The guest's side of revocation, for both guest pages: while the page holds a ticket it asks the server now
 * and then (and at once after the owner's browser hung up) whether the ticket still holds, so the guest is
 * told plainly when the owner removed them, set a new PIN, or refused their files as over the limits.
 */
import type { RevokeReason } from '../../../shared/api/p2p.ts';
import { ApiError, api } from '../api.ts';

export interface TicketWatchOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  ticket(): string | null;
  /** Stop asking (the page reached its end). */
  settled(): boolean;
  /** Told once; `message` is the server's sentence. */
  onRevoked(reason: RevokeReason, message: string): void;
}

const POLL_MS = 5000;

/** Why the server refused a ticket it took back (403 `TICKET_REVOKED`, from any guest call), or null. */
export function revocationOf(e: unknown): { reason: RevokeReason; message: string } | null {
  if (!(e instanceof ApiError) || e.code !== 'TICKET_REVOKED') return null;
  const reason = (['removed', 'pin-reset', 'over-limit'] as const).find((r) => r === e.body.reason) ?? 'removed';
  return { reason, message: e.message };
}

/** Starts watching; answers a check to run right now (e.g. when the connection was closed by the owner). */
export function watchTicket(o: TicketWatchOptions): () => Promise<void> {
  let told = false;
  const check = async () => {
    if (told || o.settled()) {
      clearInterval(poll);
      return;
    }
    const ticket = o.ticket();
    if (!ticket) return;
    try {
      await api('POST', `${o.sessionUrl}/ticket-status`, { ticket });
    } catch (e) {
      const revoked = revocationOf(e);
      if (told || !revoked) return;
      told = true;
      o.onRevoked(revoked.reason, revoked.message);
    }
  };
  const poll = setInterval(() => void check(), POLL_MS);
  return check;
}
