/**
 * PeerJS glue: a `Peer` against the app's own signaling (`/peerjs`, same origin), registered with a signaling
 * credential the app issues (its peer id, a short-lived token, the ICE servers to use), and reliable, raw
 * (binary) data connections turned into FrameChannels. Nothing here talks to any host but the page's own.
 */
import { type DataConnection, Peer, PeerErrorType, type PeerOptions } from 'peerjs';
import { type ChannelMessage, type DataConnectionLike, type FrameChannel, fromDataConnection } from './channel.ts';

/** What the app hands a page that may register with /peerjs (owner: logged in; guest: with a ticket). */
export interface SignalingCredential {
  peerId: string;
  token: string;
  /** Unix seconds after which the token opens no new socket. */
  expiresAt: number;
  iceServers: RTCIceServer[];
  /** 'relay': connect through the TURN relay only (the operator's PHUPPI_ICE_TRANSPORT_POLICY). */
  iceTransportPolicy: RTCIceTransportPolicy;
}

/** Fetches a credential: for a new id (no argument), or a fresh token for the id the page already has. */
export type CredentialSource = (peerId?: string) => Promise<SignalingCredential>;

export interface ConnectPeerOptions {
  credentials: CredentialSource;
  /** Register this id again (it must have been issued to the same owner or ticket). */
  peerId?: string;
  /** Signaling path on this origin. Default '/peerjs'. */
  path?: string;
  /** PeerJS log level 0–3. */
  debug?: 0 | 1 | 2 | 3;
  timeoutMs?: number;
}

/**
 * The RTCPeerConnection settings of a credential. The ICE servers are explicit, or PeerJS falls back to public
 * STUN/TURN hosts; the policy too, so relay-only holds for every connection the peer makes or answers.
 */
function rtcConfig(credential: SignalingCredential): RTCConfiguration {
  return { iceServers: credential.iceServers, iceTransportPolicy: credential.iceTransportPolicy };
}

/** Puts a (renewed) credential on a peer: PeerJS sends `options.token` at every (re)connect. */
export function applyCredential(peer: Peer, credential: SignalingCredential): void {
  peer.options.token = credential.token;
  // New connections pick up fresh TURN credentials.
  peer.options.config = { ...peer.options.config, ...rtcConfig(credential) };
}

/** A PeerJS Peer registered with the app's signaling server; resolves once it has its id. */
export async function connectPeer(opts: ConnectPeerOptions): Promise<Peer> {
  const credential = await opts.credentials(opts.peerId);
  const https = location.protocol === 'https:';
  const options: PeerOptions = {
    host: location.hostname,
    port: Number(location.port) || (https ? 443 : 80),
    path: opts.path ?? '/peerjs',
    secure: https,
    token: credential.token,
    config: rtcConfig(credential),
    debug: opts.debug ?? 1,
  };
  const peer = new Peer(credential.peerId, options);
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: unknown) => {
      clearTimeout(t);
      peer.off('open', onOpen);
      peer.off('error', onError);
      if (error === undefined) return resolve();
      peer.destroy();
      reject(error);
    };
    const onOpen = () => settle();
    const onError = (e: unknown) => settle(e);
    const t = setTimeout(() => settle(new Error('signaling server did not answer')), opts.timeoutMs ?? 15_000);
    peer.on('open', onOpen);
    peer.on('error', onError);
  });
  return peer;
}

/**
 * Whether a peer error ends the connection attempt with `remoteId`. PeerJS reports every unreachable peer on
 * the Peer itself ("Could not connect to peer <id>"), so only the one naming this remote ends this attempt.
 */
export function peerErrorEndsAttempt(error: { type?: string; message?: string }, remoteId: string): boolean {
  if (error?.type === PeerErrorType.PeerUnavailable) return error.message === `Could not connect to peer ${remoteId}`;
  return error?.type === PeerErrorType.Network || error?.type === PeerErrorType.Disconnected;
}

/** How long a connection may take to open (dialed or accepted) before it is given up. */
const OPEN_TIMEOUT_MS = 20_000;

/**
 * One open peer-to-peer connection: the PeerJS DataConnection and the engine's channel over it. Named for the
 * vocabulary's "connection"; not `PeerConnection`, which reads as the browser's RTCPeerConnection under it.
 */
export interface OpenConnection {
  conn: DataConnection;
  channel: FrameChannel;
}

function whenOpen(conn: DataConnection, peer: Peer, initiator: boolean, timeoutMs: number): Promise<OpenConnection> {
  return new Promise<OpenConnection>((resolve, reject) => {
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
      if (peerErrorEndsAttempt(e, conn.peer)) done(e);
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
export function dial(
  peer: Peer,
  remoteId: string,
  opts: { metadata?: unknown; timeoutMs?: number } = {},
): Promise<OpenConnection> {
  const conn = peer.connect(remoteId, { reliable: true, serialization: 'raw', metadata: opts.metadata });
  return whenOpen(conn, peer, true, opts.timeoutMs ?? OPEN_TIMEOUT_MS);
}

/** Call `onOpen` for each incoming connection once it is open; other kinds are refused. Returns an unsubscribe. */
export function acceptConnections(
  peer: Peer,
  onOpen: (connection: OpenConnection) => void,
  opts: { timeoutMs?: number; accept?: (conn: DataConnection) => boolean } = {},
): () => void {
  const handler = (conn: DataConnection) => {
    if (conn.serialization !== 'raw' || !conn.reliable || (opts.accept && !opts.accept(conn))) {
      conn.close();
      return;
    }
    whenOpen(conn, peer, false, opts.timeoutMs ?? OPEN_TIMEOUT_MS).then(onOpen, () => {});
  };
  peer.on('connection', handler);
  return () => peer.off('connection', handler);
}
