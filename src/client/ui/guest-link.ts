/**
 * The guest's side of the PIN → ticket → connect chain, for either direction: keeps a PeerJS peer
 * registered with signaling, announces its id to the server with the ticket (again after every new id),
 * and hands over each incoming connection from the owner's browser. The guest never dials: only the
 * owner's browser, which learns this id from the server after a correct PIN, can reach it.
 */
import type { Peer } from 'peerjs';
import { acceptConnections, type OpenConnection } from '../engine/index.ts';
import { ApiError, api } from './api.ts';
import { PeerKeeper } from './peer-keeper.ts';
import { reportServer } from './server-reach.ts';
import { retryUntilLanded } from './server-retry.ts';
import { guestCredentials } from './signaling-credentials.ts';

/** What to try when the two browsers cannot connect directly (first line is the headline). */
export function connectionTips(ownerName: string, lastLine = 'This page keeps trying by itself.'): string {
  return [
    'The two devices could not connect directly.',
    `Be on the same Wi-Fi network as ${ownerName} (guest Wi-Fi often keeps devices apart; mobile data only works if the server has a TURN relay).`,
    'Open the link with https:// if the server offers it.',
    "The server's administrator can add a TURN server (PHUPPI_ICE_SERVERS) for devices on different networks.",
    lastLine,
  ].join('\n');
}

export interface GuestLinkOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  ticket: string;
  /** An open connection from the owner's browser. */
  onLink(link: OpenConnection): void;
  /** 404 / 410 from `connect`: the link is gone. Return true when handled. */
  onGone(error: ApiError): boolean;
  /** 403 from `connect`: the ticket is no longer valid (the owner reset the PIN). */
  onTicketRefused(): void;
  /** A warning to show (null clears it); multi-line text, first line the headline. */
  onWarning(text: string | null): void;
  /** Signaling up or down. */
  onSignaling?(state: 'online' | 'offline'): void;
  /** Whether a connection is up right now, or nothing waits for one (no tips then). */
  isConnected(): boolean;
  ownerName: string;
}

export class GuestLink {
  readonly #keeper: PeerKeeper;
  #unsubscribe: (() => void) | null = null;
  #alive: ReturnType<typeof setInterval> | null = null;
  #wakeLock: { release(): Promise<void> } | null = null;
  #closed = false;
  /** When signaling was last lost (0: never). */
  #offlineSince = 0;

  constructor(private readonly o: GuestLinkOptions) {
    const fetchCredential = guestCredentials(o.sessionUrl, o.ticket);
    this.#keeper = new PeerKeeper({
      credentials: async (peerId) => {
        try {
          return await fetchCredential(peerId);
        } catch (e) {
          // A refused ticket or an ended session will not come back: say so and stop asking.
          if (e instanceof ApiError && this.#refused(e)) this.close();
          throw e;
        }
      },
    });
  }

  /** 404/410 (the link is gone) or 403 (the ticket was revoked): tells the page; true when it was one of them. */
  #refused(e: ApiError): boolean {
    if (this.o.onGone(e)) return true;
    if (e.status !== 403) return false;
    this.o.onTicketRefused();
    return true;
  }

  /** Register with signaling and the server; resolves once this device can be reached. */
  async start(): Promise<void> {
    this.#keeper.onNewId = (id) => {
      if (this.#keeper.current) this.#listen(this.#keeper.current);
      void this.#announce(id);
    };
    this.#keeper.onState = (state) => {
      if (this.#closed) return;
      if (state === 'offline') this.#offlineSince = Date.now();
      reportServer('signaling', state === 'online');
      this.o.onSignaling?.(state);
    };
    try {
      await this.#keeper.get();
    } catch {
      /* PeerKeeper keeps retrying by itself */
    }
    // Phones drop sockets when the screen sleeps: check the signaling connection now and then.
    this.#alive = setInterval(() => {
      const p = this.#keeper.current;
      if (!this.#closed && (!p || p.disconnected)) void this.#keeper.get().catch(() => {});
    }, 5000);
    try {
      const wl = (
        navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }
      ).wakeLock;
      this.#wakeLock = (await wl?.request('screen')) ?? null;
    } catch {
      this.#wakeLock = null;
    }
  }

  async #announce(peerId: string): Promise<void> {
    try {
      await retryUntilLanded(
        () => api('POST', `${this.o.sessionUrl}/connect`, { peerjs_id: peerId, ticket: this.o.ticket }),
        { stopped: () => this.#closed },
      );
    } catch (e) {
      if (!this.#closed && e instanceof ApiError) this.#refused(e);
    }
  }

  #listen(peer: Peer): void {
    this.#unsubscribe?.();
    const off = acceptConnections(peer, (link) => {
      if (this.#closed) return void link.conn.close();
      this.o.onWarning(null);
      this.o.onLink(link);
    });
    // A connection attempt that never opens means ICE failed: that is when the tips help. Not when the server
    // went away meanwhile: then the two browsers could not finish introducing themselves, and the Wi-Fi is
    // not to blame (the server banner says what happened).
    const watch = (conn: { open: boolean }) => {
      const since = Date.now();
      setTimeout(() => {
        const serverAway = this.#offlineSince >= since || this.#keeper.current?.open !== true;
        if (!conn.open && !this.#closed && !this.o.isConnected() && !serverAway)
          this.o.onWarning(connectionTips(this.o.ownerName));
      }, 20_000);
    };
    peer.on('connection', watch);
    this.#unsubscribe = () => {
      off();
      peer.off('connection', watch);
    };
  }

  /** Let the screen sleep again (the transfer failed); the peer stays reachable. */
  releaseWakeLock(): void {
    void this.#wakeLock?.release().catch(() => {});
    this.#wakeLock = null;
  }

  close(): void {
    this.#closed = true;
    if (this.#alive) clearInterval(this.#alive);
    this.#unsubscribe?.();
    reportServer('signaling', null);
    void this.#wakeLock?.release().catch(() => {});
    setTimeout(() => this.#keeper.close(), 3000);
  }
}
