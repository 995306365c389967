/**
 * The owner's side of the PIN → ticket → connect chain, for either direction: dials the peer id the server
 * registered for one guest (after a correct PIN), hands the open connection to that guest's transfer (a
 * Receiver on the owner's page of a receive session, a Sender on the owner's page of a share), and dials again, with a growing pause, after a failed
 * dial or a dropped connection. The owner always dials; the guest only accepts.
 *
 * Anyone with the PIN can register made-up peer ids: a page dials at most a few at a time, makes a guest's
 * transfer (and its storage worker) only once their device has answered, and retires a guest whose device
 * never answered after a few tries instead of ten minutes of them.
 */
import { dial, type FrameChannel, type OpenConnection, Slots } from '../../engine/index.ts';
import { backoffDelay } from '../backoff.ts';
import type { PeerKeeper } from '../peer-keeper.ts';
import { ownerT } from '../words.ts';
import { MAX_CONCURRENT_DIALS, MAX_UNANSWERED_DIALS } from './dial-limits.ts';

/** What the dialer hands a connection to: an engine Receiver or Sender. */
export interface DialedTransfer {
  readonly isFinished: boolean;
  attach(channel: FrameChannel): void;
}

export interface GuestDialerOptions {
  /** The page's one peer (the owner's id never leaves the page). */
  peers: PeerKeeper;
  /** For the console: "guest 2", "recipient 1". */
  name: string;
  /** The guest's current peer id (null until it registered one). */
  peerId(): string | null;
  /** The session was cancelled: no dialing at all. */
  cancelled(): boolean;
  /** Whether a dial may start now, besides the checks above (for example: not connected already). */
  mayDial(): boolean;
  /** Their device answered: make the transfer if it is missing (`dialedId` is the peer id last connected). */
  prepare(peerId: string, dialedId: string | null): Promise<void> | void;
  /** The transfer a new connection goes to (null: none). */
  transfer(): DialedTransfer | null;
  /** Dialing now; `unreachable` after two failures in a row. Also told after each failure from the second. */
  showDialing(unreachable: boolean): void;
  /** Give up after this many failures in a row (default: never). */
  maxFailures?: number;
  /** Give up on a guest whose device never answered after this many failures (default MAX_UNANSWERED_DIALS). */
  maxUnansweredFailures?: number;
  /** Told once when it gives up; `answeredEver`: their device was connected at least once. */
  onGaveUp?(answeredEver: boolean): void;
  /** After a dial (connected or not), dial at once if the guest registered a new peer id meanwhile. */
  followNewId?: boolean;
}

const dialSlots = new Slots(MAX_CONCURRENT_DIALS);

/** What a guest's card says once the dialer gave up on them. */
export function gaveUpText(answeredEver: boolean): string {
  return ownerT(answeredEver ? 'owner.gaveUp.answered' : 'owner.gaveUp.never');
}

export class GuestDialer {
  /** The open connection, if any. */
  connection: OpenConnection | null = null;
  #dialedId: string | null = null;
  #dialing = false;
  #failures = 0;
  #answeredEver = false;
  #gaveUp = false;
  #redial: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: GuestDialerOptions) {}

  /** The peer id of the last connection made (null before the first). */
  get dialedId(): string | null {
    return this.#dialedId;
  }

  /** The guest's page registered a new peer id: count failures afresh (a retired guest is dialed again). */
  resetFailures(): void {
    this.#failures = 0;
    this.#gaveUp = false;
  }

  /** Retired: their device did not answer (see `onGaveUp`) and no new peer id came since. */
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  async connect(): Promise<void> {
    const o = this.o;
    const peerId = o.peerId();
    if (this.#dialing || this.#gaveUp || !peerId || o.cancelled() || !o.mayDial()) return;
    // Already connected to this very peer (a redial scheduled after a failed dial of its old id fires late):
    // a second connection would only replace the working one mid-transfer.
    if (this.connection && this.#dialedId === peerId) return;
    this.#dialing = true;
    let release: (() => void) | null = null;
    try {
      o.showDialing(this.#failures >= 2);
      release = await dialSlots.take();
      if (o.cancelled()) return;
      const connection = await dial(await o.peers.get(), peerId, { timeoutMs: 15_000 });
      release();
      // Only now that their device answered: a transfer (and, receiving, a storage worker) for it.
      await Promise.resolve(o.prepare(peerId, this.#dialedId)).catch((e: unknown) => {
        connection.conn.close();
        throw e;
      });
      const transfer = o.transfer();
      if (!transfer || transfer.isFinished || o.cancelled()) {
        connection.conn.close();
        return;
      }
      this.connection = connection;
      this.#dialedId = peerId;
      this.#answeredEver = true;
      connection.conn.on('close', () => {
        if (this.connection === connection) this.connection = null;
      });
      transfer.attach(connection.channel);
      this.#failures = 0;
    } catch (e) {
      if (!o.peers.current?.open) {
        // This page lost signaling during the dial (the server is away): neither their device nor the network
        // between the two is at fault. Dial again; the next dial waits for signaling to come back.
        console.warn(`${o.name}: dial interrupted, the server is unreachable`, e);
        this.scheduleRedial(1500);
        return;
      }
      this.#failures += 1;
      if (this.#failures >= 2) o.showDialing(true);
      console.warn(`${o.name}: dial failed`, e);
      const limit = this.#answeredEver
        ? (o.maxFailures ?? Infinity)
        : Math.min(o.maxFailures ?? Infinity, o.maxUnansweredFailures ?? MAX_UNANSWERED_DIALS);
      if (this.#failures >= limit) {
        this.#gaveUp = true;
        return o.onGaveUp?.(this.#answeredEver);
      }
      this.scheduleRedial(backoffDelay(this.#failures, 1500, 15_000));
    } finally {
      release?.();
      this.#dialing = false;
      // Their page got a new peer id while the old one was being dialed.
      const now = o.peerId();
      if (o.followNewId && now && now !== peerId && !this.#gaveUp) void this.connect();
    }
  }

  /** Dial again in `ms`, unless a redial is pending, the session was cancelled or the transfer is over. */
  scheduleRedial(ms: number): void {
    if (this.#redial || this.o.cancelled() || this.o.transfer()?.isFinished) return;
    this.#redial = setTimeout(() => {
      this.#redial = null;
      void this.connect();
    }, ms);
  }

  /**
   * The transfer's connection dropped: forget the connection and, unless the transfer is over (`finished`),
   * dial again in a second. Returns whether it will.
   */
  dropped(finished: boolean): boolean {
    this.connection = null;
    if (finished) return false;
    this.scheduleRedial(1000);
    return true;
  }

  /** The transfer is done: close the connection after a moment (the last frames still go). */
  hangUpSoon(): void {
    const connection = this.connection;
    setTimeout(() => connection?.conn.close(), 3000);
  }

  /** No more redials (the transfer is being stopped). */
  stop(): void {
    if (this.#redial) clearTimeout(this.#redial);
    this.#redial = null;
  }
}
