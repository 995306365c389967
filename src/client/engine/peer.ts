/**
 * PeerJS glue: a `Peer` against the app's own signaling (`/peerjs`, same origin) with the ICE servers
 * the app configures (`GET /api/config/ice`), and reliable, raw (binary) data connections turned into
 * FrameChannels. Nothing here talks to any host but the page's own.
 */
import { Peer, type DataConnection, type PeerOptions } from 'peerjs';
import { fromDataConnection, type ChannelMessage, type DataConnectionLike, type FrameChannel } from './channel.ts';

export interface IceConfigResponse {
  iceServers: RTCIceServer[];
}

/** The ICE servers the app hands to browsers (embedded STUN by default). */
export async function fetchIceServers(url = '/api/config/ice'): Promise<RTCIceServer[]> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`ICE configuration unavailable (${res.status})`);
  const body = (await res.json()) as Partial<IceConfigResponse>;
  if (!Array.isArray(body.iceServers)) throw new Error('ICE configuration malformed');
  return body.iceServers;
}

export interface ConnectPeerOptions {
  /** Own peer id; default: assigned by the server. */
  id?: string;
  /** Skip the fetch and use these. */
  iceServers?: RTCIceServer[];
  iceConfigUrl?: string;
  /** Signaling path on this origin. Default '/peerjs'. */
  path?: string;
  /** PeerJS log level 0–3. */
  debug?: 0 | 1 | 2 | 3;
  timeoutMs?: number;
}

/** A PeerJS Peer registered with the app's signaling server; resolves once it has its id. */
export async function connectPeer(opts: ConnectPeerOptions = {}): Promise<Peer> {
  const iceServers = opts.iceServers ?? (await fetchIceServers(opts.iceConfigUrl));
  const https = location.protocol === 'https:';
  const options: PeerOptions = {
    host: location.hostname,
    port: Number(location.port) || (https ? 443 : 80),
    path: opts.path ?? '/peerjs',
    secure: https,
    // Explicit, or PeerJS falls back to public STUN/TURN hosts.
    config: { iceServers },
    debug: opts.debug ?? 1,
  };
  const peer = opts.id ? new Peer(opts.id, options) : new Peer(options);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      peer.destroy();
      reject(new Error('signaling server did not answer'));
    }, opts.timeoutMs ?? 15_000);
    peer.once('open', () => {
      clearTimeout(t);
      resolve();
    });
    peer.once('error', (e) => {
      clearTimeout(t);
      peer.destroy();
      reject(e);
    });
  });
  return peer;
}

export interface PeerLink {
  conn: DataConnection;
  channel: FrameChannel;
}

function whenOpen(conn: DataConnection, peer: Peer, initiator: boolean, timeoutMs: number): Promise<PeerLink> {
  return new Promise<PeerLink>((resolve, reject) => {
    // The other side may send before our 'open' handler runs (seen here: its hello, lost, then "'manifest'
    // before hello"); keep everything from the start and hand it to the channel adapter.
    const early: ChannelMessage[] = [];
    const keep = (data: unknown) => early.push(data as ChannelMessage);
    conn.on('data', keep);
    let settled = false;
    const done = (e?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      peer.off('error', onPeerError);
      conn.off('data', keep);
      if (e) {
        conn.close();
        reject(e);
      } else resolve({ conn, channel: fromDataConnection(conn as unknown as DataConnectionLike, early, initiator) });
    };
    const onPeerError = (e: { type?: string; message?: string }) => {
      // "Could not connect to peer <id>" concerns that one dial: a made-up id expiring must not fail the others.
      if (e?.type === 'peer-unavailable' && !String(e.message ?? '').endsWith(` ${conn.peer}`)) return;
      if (e?.type === 'peer-unavailable' || e?.type === 'network' || e?.type === 'disconnected') done(e);
    };
    const t = setTimeout(() => done(new Error('connection to the other device timed out')), timeoutMs);
    if (conn.open) return done();
    conn.once('open', () => done());
    conn.once('error', (e) => done(e));
    conn.once('close', () => done(new Error('connection closed before it opened')));
    peer.on('error', onPeerError);
  });
}

/** Dial `remoteId` with a reliable (ordered) raw channel — the only kind the engine accepts. */
export function dial(peer: Peer, remoteId: string, opts: { metadata?: unknown; timeoutMs?: number } = {}): Promise<PeerLink> {
  const conn = peer.connect(remoteId, { reliable: true, serialization: 'raw', metadata: opts.metadata });
  return whenOpen(conn, peer, true, opts.timeoutMs ?? 20_000);
}

/** Call `onLink` for each incoming connection once it is open; other kinds are refused. Returns an unsubscribe. */
export function acceptConnections(
  peer: Peer,
  onLink: (link: PeerLink) => void,
  opts: { timeoutMs?: number; accept?: (conn: DataConnection) => boolean } = {},
): () => void {
  const handler = (conn: DataConnection) => {
    if (conn.serialization !== 'raw' || !conn.reliable || (opts.accept && !opts.accept(conn))) {
      conn.close();
      return;
    }
    whenOpen(conn, peer, false, opts.timeoutMs ?? 20_000).then(onLink, () => {});
  };
  peer.on('connection', handler);
  return () => peer.off('connection', handler);
}
