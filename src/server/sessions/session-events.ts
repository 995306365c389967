import type { SessionKind } from '../db/schema.ts';

export type Listener<E> = (event: E) => void;

/**
 * In-process fan-out of owner events (guest verified / connected / completed, session ended) to the owner's
 * open event streams. One process serves one app, so no broker is needed; see docs for multi-process setups.
 */
export class SessionEventHub<E extends { type: string }> {
  readonly #listeners = new Map<string, Set<Listener<E>>>();

  #key(kind: SessionKind, sessionId: number): string {
    return `${kind}:${sessionId}`;
  }

  subscribe(kind: SessionKind, sessionId: number, listener: Listener<E>): () => void {
    const key = this.#key(kind, sessionId);
    const set = this.#listeners.get(key) ?? new Set<Listener<E>>();
    this.#listeners.set(key, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(key);
    };
  }

  publish(kind: SessionKind, sessionId: number, event: E): void {
    for (const listener of this.#listeners.get(this.#key(kind, sessionId)) ?? []) listener(event);
  }

  listenerCount(kind: SessionKind, sessionId: number): number {
    return this.#listeners.get(this.#key(kind, sessionId))?.size ?? 0;
  }
}
