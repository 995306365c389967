import type { Peer } from 'peerjs';
import { connectPeer } from '../engine/index.ts';
import { keepReconnecting, retire, whenBackOnline } from './peer-reconnect.ts';

/**
 * Keeps one PeerJS peer registered with the app's signaling server: reconnects it when the WebSocket
 * drops and replaces it when it is destroyed or the server refuses its id. `onNewId` is told when the id
 * changed (a new peer).
 *
 * A peer is never destroyed because signaling is away (the server restarting, a phone's socket asleep):
 * destroying it would close its data connections, and the files go over those, not through the server.
 * It keeps trying to reconnect, with a growing pause, for as long as it takes.
 */
export class PeerKeeper {
  #peer: Peer | null = null;
  #pending: Promise<Peer> | null = null;
  #closed = false;
  onNewId: ((id: string) => void) | null = null;
  onState: ((state: 'online' | 'offline') => void) | null = null;

  get current(): Peer | null {
    return this.#peer && !this.#peer.destroyed ? this.#peer : null;
  }

  /** A peer that is connected to signaling (waits for it). */
  async get(): Promise<Peer> {
    if (this.#closed) throw new Error('closed');
    const p = this.#peer;
    if (p && !p.destroyed && !p.disconnected && p.open) return p;
    if (p && !p.destroyed && (await whenBackOnline(p, () => this.#closed))) return p;
    if (this.#closed) throw new Error('closed');
    if (p) retire(p);
    this.#pending ??= this.#create().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #create(): Promise<Peer> {
    let delay = 1000;
    for (;;) {
      try {
        const peer = await connectPeer();
        this.#peer = peer;
        peer.on('disconnected', () => {
          if (this.#closed) return;
          this.onState?.('offline');
          if (!peer.destroyed) keepReconnecting(peer, () => this.#closed);
        });
        peer.on('open', () => this.onState?.('online'));
        peer.on('error', (e: { type?: string }) => {
          if (e?.type === 'network' || e?.type === 'server-error' || e?.type === 'socket-error' || e?.type === 'socket-closed') this.onState?.('offline');
        });
        this.onState?.('online');
        this.onNewId?.(peer.id);
        return peer;
      } catch (e) {
        if (this.#closed) throw e;
        this.onState?.('offline');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#peer?.destroy();
    this.#peer = null;
  }
}
