/**
 * The guest's side of the PIN → ticket → connect chain, for either direction: keeps a PeerJS peer
 * registered with signaling, announces its id to the server with the ticket (again after every new id),
 * and hands over each incoming connection from the owner's browser. The guest never dials: only the
 * owner's browser, which learns this id from the server after a correct PIN, can reach it.
 */
import type { Peer } from 'peerjs';
import type { RevokeReason } from '../../../shared/api/p2p.ts';
import { acceptConnections, type OpenConnection } from '../../engine/index.ts';
import { ApiError, api } from '../api.ts';
import { PeerKeeper } from '../peer-keeper.ts';
import { reportServer } from '../server-reach.ts';
import { retryUntilLanded } from '../server-retry.ts';
import { guestCredentials } from '../signaling-credentials.ts';
import { revocationOf } from './ticket-watch.ts';

export interface GuestConnectorOptions {
  /** `/api/p2p/<token>` or `/api/p2p/receive/<token>`. */
  sessionUrl: string;
  ticket: string;
  /** An open connection from the owner's browser. */
  onConnection(connection: OpenConnection): void;
  /** 404 / 410 from `connect` or the signaling credential: the link is gone. Return true when it was that. */
  onGone(error: ApiError): boolean;
  /** 403 `TICKET_REVOKED` from `connect` or the signaling credential: the owner took the ticket back. */
  onRevoked(reason: RevokeReason, message: string): void;
  /** Any other 403: the ticket is not valid for this session. */
  onTicketRefused(): void;
  /** The owner's browser is connecting: any earlier trouble is past. */
  onIncoming(): void;
  /** A connection attempt never opened (not for lack of the server): the page shows its connection tips. */
  onUnreachable(): void;
  /** Signaling up or down. */
  onSignaling?(state: 'online' | 'offline'): void;
  /** Whether a connection is up right now, or nothing waits for one (no tips then). */
  isConnected(): boolean;
}

/** How long a connection attempt may take to open before the page offers its tips. */
const OPEN_TIMEOUT_MS = 20_000;

export class GuestConnector {
  readonly #keeper: PeerKeeper;
  #unsubscribe: (() => void) | null = null;
  #alive: ReturnType<typeof setInterval> | null = null;
  #wakeLock: { release(): Promise<void> } | null = null;
  #closed = false;
  /** When signaling was last lost (0: never). */
  #offlineSince = 0;

  constructor(private readonly o: GuestConnectorOptions) {
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

  /** 404/410 (the link is gone) or 403 (the ticket was taken back or refused): tells the page; true when it was one of them. */
  #refused(e: ApiError): boolean {
    if (this.o.onGone(e)) return true;
    if (e.status !== 403) return false;
    const revoked = revocationOf(e);
    if (revoked) this.o.onRevoked(revoked.reason, revoked.message);
    else this.o.onTicketRefused();
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
    const off = acceptConnections(peer, (connection) => {
      if (this.#closed) {
        connection.conn.close();
        return;
      }
      this.o.onIncoming();
      this.o.onConnection(connection);
    });
    // A connection attempt that never opens means ICE failed: that is when the tips help. Not when the server
    // went away meanwhile: then the two browsers could not finish introducing themselves, and the Wi-Fi is
    // not to blame (the server banner says what happened).
    const watch = (conn: { open: boolean }) => {
      const since = Date.now();
      setTimeout(() => {
        const serverAway = this.#offlineSince >= since || this.#keeper.current?.open !== true;
        if (!conn.open && !this.#closed && !this.o.isConnected() && !serverAway) this.o.onUnreachable();
      }, OPEN_TIMEOUT_MS);
    };
    peer.on('connection', watch);
    this.#unsubscribe = () => {
      off();
      peer.off('connection', watch);
    };
  }

  /** Stop: announce nothing more, let the screen sleep, and leave signaling (after a moment, for the last frames). */
  close(): void {
    this.#closed = true;
    if (this.#alive) clearInterval(this.#alive);
    this.#unsubscribe?.();
    reportServer('signaling', null);
    void this.#wakeLock?.release().catch(() => {});
    setTimeout(() => this.#keeper.close(), 3000);
  }
}
