import type { OwnerEvent, OwnerSessionView } from '../../../shared/api/p2p.ts';
import { ApiError, api } from '../api.ts';
import { reportServer } from '../server-reach.ts';
import { isUnreachable } from '../server-retry.ts';

export interface OwnerEventSource {
  close(): void;
}

const EVENT_TYPES = [
  'snapshot',
  'guest-verified',
  'guest-connected',
  'guest-completed',
  'guest-revoked',
  'session-ended',
] as const;

/**
 * The owner's live feed of a session's events: Server-Sent Events from /events, and polling /state every few seconds
 * (turned into `snapshot` events) whenever the stream is down. `onGone` gets the API error when the
 * session disappears (404/403) or the user is logged out (401). `apiBase` is the direction's API prefix:
 * `/api/p2p/receive` (receive sessions, the default) or `/api/p2p` (shares).
 * When the server was unreachable (a restart), the stream is opened again as soon as a poll gets through;
 * the page's server banner follows the feed.
 */
export function ownerEvents(
  token: string,
  onEvent: (event: OwnerEvent) => void,
  onStatus: (live: boolean) => void = () => {},
  onGone: (error: ApiError) => void = () => {},
  apiBase = '/api/p2p/receive',
): OwnerEventSource {
  const base = `${apiBase}/${encodeURIComponent(token)}`;
  let source: EventSource | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let failures = 0;
  /** A poll failed since the stream went down: the server itself was away, not just the stream. */
  let serverAway = false;
  const status = (live: boolean) => {
    reportServer('events', live);
    onStatus(live);
  };

  const poll = async () => {
    pollTimer = null;
    if (closed || source) return;
    try {
      const session = await api<OwnerSessionView>('GET', `${base}/state`);
      onEvent({ type: 'snapshot', session });
      status(true);
      if (serverAway && retryTimer) {
        // The server is back: the live stream now, not after the 30-second wait meant for a blocked stream.
        clearTimeout(retryTimer);
        return open();
      }
    } catch (e) {
      if (e instanceof ApiError && [401, 403, 404].includes(e.status)) {
        closed = true;
        reportServer('events', null);
        return onGone(e);
      }
      if (e instanceof ApiError && e.status === 410) {
        // The session ended: there is nothing more to follow, and the server is not away.
        closed = true;
        reportServer('events', null);
        onEvent({ type: 'session-ended', reason: e.code === 'CANCELLED' ? 'cancelled' : 'expired' });
        return;
      }
      serverAway ||= isUnreachable(e);
      status(false);
    }
    if (!closed && !source) pollTimer = setTimeout(poll, 3000);
  };

  const open = (): void => {
    retryTimer = null;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    serverAway = false;
    failures = 0;
    if (closed || typeof EventSource === 'undefined') return void poll();
    const es = new EventSource(`${base}/events`);
    source = es;
    for (const type of EVENT_TYPES) {
      es.addEventListener(type, (e) => {
        failures = 0;
        try {
          onEvent(JSON.parse((e as MessageEvent<string>).data) as OwnerEvent);
        } catch {
          /* a malformed event: the next snapshot repairs the view */
        }
      });
    }
    es.onopen = () => status(true);
    es.onerror = () => {
      if (closed) return;
      // The browser retries a dropped stream by itself; a refused one (4xx) ends CLOSED.
      failures += 1;
      status(false);
      if (es.readyState === EventSource.CLOSED || failures >= 3) {
        es.close();
        source = null;
        void poll();
        retryTimer = setTimeout(open, 30_000);
      }
    };
  };
  open();
  return {
    close() {
      closed = true;
      reportServer('events', null);
      source?.close();
      if (pollTimer) clearTimeout(pollTimer);
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
