/**
 * Part (a) of `npm run bench:server`: many PeerJS-protocol clients registered with the server's signaling at
 * once, speaking as browsers do (HEARTBEAT, OFFER, CANDIDATE), while pairs relay messages to each other.
 */
import WebSocket from 'ws';
import type { Client } from '../test/helpers/http.ts';
import { percentile, rssMiB, type ServerProcess, withTimeout } from './server-process.ts';

export interface SignalingFigures {
  registered: number;
  relayed: number;
  lost: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssGrowthMiB: number;
  p50: number;
  p99: number;
}

interface Options {
  /** A logged-in owner: every peer registers with a signaling credential from the owner endpoint, as a page does. */
  owner: Client;
  peers: number;
  holdSeconds: number;
  nextAddress(): string;
}

/** The size of a real data-channel offer's SDP (a few KiB), so the relay moves what browsers send. */
const OFFER_SDP = 'a=candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0\r\n'.repeat(40);
const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

export interface BenchPeer {
  id: string;
  socket: WebSocket;
}

/** A relayed message as browsers send it (an offer's SDP, or a candidate), tagged with `seq` to time it. */
export function relayFrame(type: 'OFFER' | 'CANDIDATE', dst: string, seq: number): string {
  const payload =
    type === 'OFFER'
      ? { sdp: { type: 'offer', sdp: OFFER_SDP }, type: 'data', connectionId: `dc_${seq}`, seq }
      : { candidate: CANDIDATE, type: 'data', connectionId: `dc_${seq}`, seq };
  return JSON.stringify({ type, payload, dst });
}

/** Registers one peer the way a page does (credential, then the socket), resolving once the server says OPEN. */
export async function register(
  server: ServerProcess,
  owner: Client,
  address: string,
  onMessage: (data: any) => void,
): Promise<BenchPeer> {
  const credential = await owner.send('POST', '/api/signaling/credential', {});
  if (credential.status !== 200)
    throw new Error(`no signaling credential: ${credential.status} ${JSON.stringify(credential.body)}`);
  const { peerId: id, token } = credential.body as { peerId: string; token: string };
  const socket = new WebSocket(
    `ws://127.0.0.1:${server.port}/peerjs/peerjs?key=peerjs&id=${id}&token=${encodeURIComponent(token)}&version=1.5.5`,
    {
      headers: { 'x-forwarded-for': address, origin: server.url, cookie: owner.cookie },
    },
  );
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.on('message', (raw) => {
        const data = JSON.parse(String(raw));
        if (data.type === 'OPEN') resolve();
        else onMessage(data);
      });
      socket.once('error', reject);
      socket.once('close', (code, reason) => reject(new Error(`signaling closed (${code} ${reason})`)));
    }),
    15_000,
    `registering peer ${id}`,
  );
  return { id, socket };
}

export async function holdSignalingPeers(server: ServerProcess, options: Options): Promise<SignalingFigures> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const onMessage = (data: any) => {
    const seq = data?.payload?.seq;
    const at = sentAt.get(seq);
    if (at === undefined) return;
    latencies.push(performance.now() - at);
    sentAt.delete(seq);
  };
  const rssBeforeMiB = rssMiB(server.pid);
  const peers: BenchPeer[] = [];
  const BATCH = 50;
  for (let i = 0; i < options.peers; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, options.peers - i) }, () =>
      register(server, options.owner, options.nextAddress(), onMessage),
    );
    peers.push(...(await Promise.all(batch)));
  }

  let seq = 0;
  let relayed = 0;
  const send = (from: BenchPeer, to: BenchPeer, type: 'OFFER' | 'CANDIDATE') => {
    seq++;
    sentAt.set(seq, performance.now());
    relayed++;
    from.socket.send(relayFrame(type, to.id, seq));
  };
  // Every second each pair relays one message (an offer, then candidates), alternating direction; heartbeats
  // every 5 s as the PeerJS client sends them.
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    for (let i = 0; i + 1 < peers.length; i += 2) {
      const [a, b] = tick % 2 ? [peers[i]!, peers[i + 1]!] : [peers[i + 1]!, peers[i]!];
      send(a, b, tick % 4 === 1 ? 'OFFER' : 'CANDIDATE');
      if (tick % 5 === 0) for (const p of [a, b]) p.socket.send(JSON.stringify({ type: 'HEARTBEAT' }));
    }
  }, 1000);
  await new Promise((r) => setTimeout(r, options.holdSeconds * 1000));
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 1000)); // the last messages in flight
  const rssAfterMiB = rssMiB(server.pid);
  const registered = peers.filter((p) => p.socket.readyState === WebSocket.OPEN).length;
  for (const p of peers) p.socket.terminate();
  return {
    registered,
    relayed,
    lost: sentAt.size,
    rssBeforeMiB,
    rssAfterMiB,
    rssGrowthMiB: rssAfterMiB - rssBeforeMiB,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}
