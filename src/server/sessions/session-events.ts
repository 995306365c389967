import type { Cluster } from '../cluster/cluster.ts';
import type { SessionKind } from '../db/schema.ts';

export type Listener<E> = (event: E) => void;

/** How long opening a stream waits for the bus to listen (Redis down: it opens anyway, and reloads on return). */
const SUBSCRIBE_WAIT_MS = 500;

/** What travels on the bus: the event and the instance it came from (which delivered it itself already). */
interface Envelope<E> {
  from: string;
  event: E;
}

interface Followers<E> {
  listeners: Set<Listener<E>>;
  leaveBus: () => void;
}

/**
 * Fans owner events (guest verified / connected / completed / revoked, session ended) out to the owner's open
 * event streams on every instance. Streams on this instance get an event at once and in order; the other
 * instances get it over the cluster bus, in the order this instance published it. A channel per session is
 * listened to while this instance has a stream open on it. The bus is at most once: while Redis is down the
 * events of other instances are lost, so `onResync` tells each stream to reload once the bus is back.
 */
export class SessionEventHub<E extends { type: string }> {
  readonly #followers = new Map<string, Followers<E>>();

  constructor(private readonly cluster: Cluster) {}

  #channel(kind: SessionKind, sessionId: number): string {
    return `owner-events:${kind}:${sessionId}`;
  }

  #deliver(channel: string, event: E): void {
    for (const listener of this.#followers.get(channel)?.listeners ?? []) listener(event);
  }

  /**
   * Follows one session's events; `onResync` runs when events may have been lost (the bus came back after an
   * outage). Resolves, once the bus listens (or after a short wait while it cannot), with the unsubscribe.
   */
  async subscribe(
    kind: SessionKind,
    sessionId: number,
    listener: Listener<E>,
    onResync: () => void,
  ): Promise<() => void> {
    const channel = this.#channel(kind, sessionId);
    let followers = this.#followers.get(channel);
    if (!followers) {
      const leaveBus = this.cluster.subscribe(channel, (message) => {
        const { from, event } = message as Envelope<E>;
        if (from !== this.cluster.instanceId) this.#deliver(channel, event);
      });
      followers = { listeners: new Set(), leaveBus };
      this.#followers.set(channel, followers);
    }
    const current = followers;
    current.listeners.add(listener);
    const stopResync = this.cluster.onBusRestored(onResync);
    const unsubscribe = () => {
      stopResync();
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.#followers.get(channel) !== current) return;
      this.#followers.delete(channel);
      current.leaveBus();
    };
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS);
    });
    await Promise.race([this.cluster.subscribed(channel), waited]);
    clearTimeout(timer);
    return unsubscribe;
  }

  /** Delivers to this instance's streams now; resolves once the other instances' bus has the event (or lost it). */
  publish(kind: SessionKind, sessionId: number, event: E): Promise<void> {
    const channel = this.#channel(kind, sessionId);
    this.#deliver(channel, event);
    const envelope: Envelope<E> = { from: this.cluster.instanceId, event };
    return this.cluster.publish(channel, envelope).then(() => undefined);
  }

  listenerCount(kind: SessionKind, sessionId: number): number {
    return this.#followers.get(this.#channel(kind, sessionId))?.listeners.size ?? 0;
  }
}
