import type { Redis } from 'ioredis';

/** A message on the bus: anything JSON can carry. */
export type BusMessage = unknown;
export type BusHandler = (message: BusMessage) => void;

export type ClusterHealth = { redis: 'off' } | { redis: 'ok' } | { redis: 'unreachable'; detail: string };

/**
 * What instances of the app share beyond the database. One process (the embedded default) gets an in-process
 * cluster of one; with REDIS_URL every instance joins the same Redis. Code that keeps per-process state which
 * would be wrong with two instances (signaling relay, owner event streams, counters, periodic jobs) goes
 * through this interface, never through Redis directly, so both modes run the same code.
 */
export interface Cluster {
  /** This process's id, unique across the instances (random per start). */
  readonly instanceId: string;
  /**
   * Delivers `message` to every subscriber of `channel` on every instance (this one included), at most once.
   * Resolves to how many instances listen on `channel` (0: nobody got it, e.g. that instance is gone, or the bus
   * is down) once the bus has it or has lost it; it never rejects. A caller that awaits it before answering keeps
   * cause before effect across instances (the next request may land on another instance); callers that do not
   * care may ignore it.
   */
  publish(channel: string, message: BusMessage): Promise<number>;
  /** Listens on `channel`; returns the unsubscribe. */
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Resolves once messages on `channel` reach this instance: at once in one process, pending while Redis is down. */
  subscribed(channel: string): Promise<void>;
  /**
   * Calls `callback` whenever the bus works again after an outage (here or on another instance): messages
   * published meanwhile were lost, so whoever follows state through the bus reloads it. Returns the unsubscribe.
   */
  onBusRestored(callback: () => void): () => void;
  /**
   * True for exactly one caller per `key` per `periodMs` across the instances (a lease that simply expires):
   * a periodic job asks before it runs, so it runs once per period, not once per instance.
   */
  claim(key: string, periodMs: number): Promise<boolean>;
  /**
   * The first value any instance proposed for `key`: every instance that asks gets the same one (its own
   * proposal in one process, or while Redis cannot be reached). For a value made at start that all must share.
   */
  settle(key: string, proposal: string): Promise<string>;
  /** The shared Redis connection for atomic counters (e.g. the rate-limit store); null in one process. */
  readonly redis: Redis | null;
  health(): Promise<ClusterHealth>;
  close(): Promise<void>;
}
