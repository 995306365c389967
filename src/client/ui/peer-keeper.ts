import type { Peer } from 'peerjs';
import { connectPeer } from '../engine/index.ts';

/**
 * Keeps one PeerJS peer registered with the app's signaling server: reconnects it when the WebSocket
 * drops and replaces it when it is destroyed. `onNewId` is told when the id changed (a new peer).
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
    if (p && !p.destroyed && p.disconnected) {
      await this.#reconnect(p).catch(() => {
        p.destroy();
      });
      if (!p.destroyed && p.open) return p;
    }
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
          this.onState?.('offline');
          if (!this.#closed && !peer.destroyed) setTimeout(() => void this.#reconnect(peer).catch(() => {}), 1000);
        });
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

  #reconnect(peer: Peer): Promise<void> {
    if (peer.destroyed) return Promise.reject(new Error('destroyed'));
    if (!peer.disconnected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        peer.off('open', onOpen);
        reject(new Error('signaling did not come back'));
      }, 8000);
      const onOpen = () => {
        clearTimeout(t);
        this.onState?.('online');
        resolve();
      };
      peer.once('open', onOpen);
      try {
        peer.reconnect();
      } catch (e) {
        clearTimeout(t);
        reject(e);
      }
    });
  }

  close(): void {
    this.#closed = true;
    this.#peer?.destroy();
    this.#peer = null;
  }
}
