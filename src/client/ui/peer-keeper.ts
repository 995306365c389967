import type { Peer } from 'peerjs';
import { applyCredential, type CredentialSource, connectPeer } from '../engine/index.ts';
import { backoffDelay } from './backoff.ts';

export interface PeerKeeperOptions {
  /** Where signaling credentials come from (see signaling-credentials.ts: owner or guest). */
  credentials: CredentialSource;
  /** Owner pages only dial out: every inbound connection is closed at once (PeerJS would answer any offer). */
  refuseInbound?: boolean;
}

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;
const REOPEN_TIMEOUT_MS = 8000;
const CREDENTIAL_TIMEOUT_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A credential request that hangs (a half-dead server or network) must not stall the reconnect loop. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer for the signaling credential')), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Keeps one PeerJS peer registered with the app's signaling server, under ONE peer id for the life of the page.
 *
 * - `get()` resolves with the peer once it is registered (waits while signaling is down).
 * - When the WebSocket drops (network, sleep, a server restart), it fetches a fresh token for the same id and
 *   reconnects, retrying with back-off until it succeeds or `close()`; open data channels are left alone.
 * - Only if the peer itself is destroyed is a new one made — with the same id again when the credential allows.
 * - `onNewId` is told the id when a peer registers under an id not announced before (in practice: once);
 *   `onState` tells whether signaling is up.
 */
export class PeerKeeper {
  #peer: Peer | null = null;
  #id: string | null = null;
  #pending: Promise<Peer> | null = null;
  #reconnecting: Promise<void> | null = null;
  #closed = false;
  onNewId: ((id: string) => void) | null = null;
  onState: ((state: 'online' | 'offline') => void) | null = null;

  readonly #credentials: CredentialSource;

  constructor(private readonly options: PeerKeeperOptions) {
    this.#credentials = (peerId) => withTimeout(options.credentials(peerId), CREDENTIAL_TIMEOUT_MS);
  }

  get current(): Peer | null {
    return this.#peer && !this.#peer.destroyed ? this.#peer : null;
  }

  /** A peer that is connected to signaling (waits for it). */
  async get(): Promise<Peer> {
    if (this.#closed) throw new Error('closed');
    const p = this.#peer;
    if (p && !p.destroyed && !p.disconnected && p.open) return p;
    if (p && !p.destroyed && p.disconnected) {
      await this.#keepReconnecting(p);
      if (!p.destroyed && p.open) return p;
    }
    this.#pending ??= this.#create().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #create(): Promise<Peer> {
    for (let attempt = 0; ; attempt++) {
      if (this.#closed) throw new Error('closed');
      try {
        const peer = await connectPeer({ credentials: this.#credentials, ...(this.#id ? { peerId: this.#id } : {}) });
        if (this.#closed) {
          peer.destroy();
          throw new Error('closed');
        }
        this.#adopt(peer);
        return peer;
      } catch (e) {
        if (this.#closed) throw e;
        this.onState?.('offline');
        await sleep(backoffDelay(attempt, RETRY_MIN_MS, RETRY_MAX_MS));
      }
    }
  }

  #adopt(peer: Peer): void {
    this.#peer = peer;
    const isNew = peer.id !== this.#id;
    this.#id = peer.id;
    if (this.options.refuseInbound) peer.on('connection', (conn) => conn.close());
    peer.on('disconnected', () => {
      this.onState?.('offline');
      if (!this.#closed) void this.#keepReconnecting(peer);
    });
    this.onState?.('online');
    if (isNew) this.onNewId?.(peer.id);
  }

  /** One reconnect loop per peer at a time: renew the token of the same id, reopen signaling, back off. */
  #keepReconnecting(peer: Peer): Promise<void> {
    this.#reconnecting ??= (async () => {
      for (let attempt = 0; !this.#closed && !peer.destroyed && peer.disconnected; attempt++) {
        try {
          applyCredential(peer, await this.#credentials(this.#id ?? undefined));
          await reopen(peer);
          this.onState?.('online');
          return;
        } catch {
          await sleep(backoffDelay(attempt, RETRY_MIN_MS, RETRY_MAX_MS));
        }
      }
    })().finally(() => {
      this.#reconnecting = null;
    });
    return this.#reconnecting;
  }

  close(): void {
    this.#closed = true;
    this.#peer?.destroy();
    this.#peer = null;
  }
}

/** Reconnects a disconnected peer under its id; settles on 'open', or fails when signaling refuses or stays silent. */
function reopen(peer: Peer): Promise<void> {
  if (peer.destroyed) return Promise.reject(new Error('destroyed'));
  if (!peer.disconnected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(t);
      peer.off('open', onOpen);
      peer.off('disconnected', onFail);
      if (error) reject(error);
      else resolve();
    };
    const onOpen = () => settle();
    const onFail = () => settle(new Error('signaling refused or dropped the socket'));
    const t = setTimeout(() => settle(new Error('signaling did not come back')), REOPEN_TIMEOUT_MS);
    peer.once('open', onOpen);
    peer.once('disconnected', onFail);
    try {
      peer.reconnect();
    } catch (e) {
      settle(e as Error);
    }
  });
}
