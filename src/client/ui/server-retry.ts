/**
 * A call the page must get through to the server (the guest's `complete`, …): tried again, with a
 * growing pause, for as long as the server cannot be reached — it may be restarting while the files
 * still go browser to browser. An answer that refuses the call (4xx) ends the tries.
 */
import { ApiError } from './api.ts';
import { backoffDelay } from './backoff.ts';
import { reportServer } from './server-reach.ts';

/** Whether `error` means the server was not reached (or could not answer now), so a later try may land. */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

/**
 * Calls `call` until it lands, pausing 1 s, 2 s, 4 s … (at most `maxDelayMs`) between tries; tells the
 * page's server banner how each try went. Rejects with the server's refusal, or when `stopped()` says so.
 */
export async function retryUntilLanded<T>(
  call: () => Promise<T>,
  o: { maxDelayMs?: number; stopped?: () => boolean } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await call();
      reportServer('api', true);
      return result;
    } catch (e) {
      reportServer('api', !isUnreachable(e));
      if (!isUnreachable(e) || o.stopped?.()) throw e;
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, 1000, o.maxDelayMs ?? 15_000)));
    }
  }
}
