/**
 * Browser side of `npm run bench:transfer`: (a) a raw RTCDataChannel, (b) the engine end to end,
 * (c) a naive PeerJS transfer written like the original project. Driven from bench/transfer.ts.
 */
import { Peer, type DataConnection } from 'peerjs';
import { acceptConnections, connectPeer, createReceiver, createSender, dial, pickStorage } from '../src/client/engine/index.ts';

const input = document.createElement('input');
input.type = 'file';
input.id = 'file';
document.body.append(input);

let pc: RTCPeerConnection | null = null;
let dc: RTCDataChannel | null = null;
let peer: Peer | null = null;

function gathered(p: RTCPeerConnection): Promise<RTCSessionDescriptionInit> {
  return new Promise((resolve) => {
    const done = () => resolve(p.localDescription as RTCSessionDescriptionInit);
    if (p.iceGatheringState === 'complete') return done();
    p.addEventListener('icegatheringstatechange', () => p.iceGatheringState === 'complete' && done());
  });
}

const bench = {
  // ---- (a) raw data channel, signaling relayed by Node --------------------------------------
  async rawOffer(): Promise<RTCSessionDescriptionInit> {
    pc = new RTCPeerConnection({ iceServers: [] });
    dc = pc.createDataChannel('raw', { ordered: true });
    dc.binaryType = 'arraybuffer';
    await pc.setLocalDescription(await pc.createOffer());
    return gathered(pc);
  },
  async rawAnswer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit> {
    pc = new RTCPeerConnection({ iceServers: [] });
    pc.ondatachannel = (e) => {
      dc = e.channel;
      dc.binaryType = 'arraybuffer';
    };
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    return gathered(pc);
  },
  async rawAccept(answer: RTCSessionDescriptionInit): Promise<void> {
    await (pc as RTCPeerConnection).setRemoteDescription(answer);
    const ch = dc as RTCDataChannel;
    if (ch.readyState !== 'open') await new Promise((r) => ch.addEventListener('open', r, { once: true }));
  },
  async rawWaitOpen(): Promise<void> {
    while (!dc || dc.readyState !== 'open') await new Promise((r) => setTimeout(r, 20));
  },
  async rawSend(total: number, chunk: number, high: number, low: number): Promise<void> {
    const ch = dc as RTCDataChannel;
    ch.bufferedAmountLowThreshold = low;
    const buf = new Uint8Array(chunk);
    crypto.getRandomValues(buf.subarray(0, 65536));
    let sent = 0;
    while (sent < total) {
      while (ch.bufferedAmount > high - chunk) await new Promise((r) => ch.addEventListener('bufferedamountlow', r, { once: true }));
      const n = Math.min(chunk, total - sent);
      ch.send(n === chunk ? buf : buf.subarray(0, n));
      sent += n;
    }
  },
  rawReceive(total: number): Promise<void> {
    const ch = dc as RTCDataChannel;
    let got = 0;
    return new Promise((resolve) => {
      ch.onmessage = (e) => {
        got += (e.data as ArrayBuffer).byteLength;
        if (got >= total) resolve();
      };
    });
  },
  rawClose(): void {
    pc?.close();
    pc = null;
    dc = null;
  },

  // ---- PeerJS peers ----------------------------------------------------------------------------
  async initPeer(): Promise<string> {
    peer = await connectPeer();
    return peer.id;
  },

  // ---- (c) naive, like the original project: whole file in memory, 16 KiB objects, no flow control
  naiveServe(): void {
    (peer as Peer).on('connection', (conn: DataConnection) => {
      conn.on('open', async () => {
        const file = (input.files as FileList)[0] as File;
        const data = new Uint8Array(await file.arrayBuffer());
        const CHUNK = 16 * 1024;
        conn.send({ type: 'meta', name: file.name, size: file.size });
        for (let i = 0, n = 0; i < data.length; i += CHUNK, n++) {
          conn.send({ type: 'chunk', index: n, data: data.slice(i, i + CHUNK) });
        }
      });
    });
  },
  naiveReceive(remoteId: string): Promise<{ bytes: number; ms: number }> {
    const conn = (peer as Peer).connect(remoteId); // PeerJS defaults, as the original
    const chunks: Uint8Array[] = [];
    let size = -1;
    let got = 0;
    let t0 = 0;
    conn.on('open', () => (t0 = performance.now()));
    return new Promise((resolve) => {
      conn.on('data', (raw) => {
        const m = raw as { type: string; size?: number; data?: ArrayBuffer | Uint8Array };
        if (m.type === 'meta') size = m.size as number;
        else if (m.type === 'chunk' && m.data) {
          const u = m.data instanceof Uint8Array ? m.data : new Uint8Array(m.data);
          chunks.push(u);
          got += u.byteLength;
          if (got >= size) {
            const blob = new Blob(chunks as BlobPart[]);
            resolve({ bytes: blob.size, ms: performance.now() - t0 });
          }
        }
      });
    });
  },

  // ---- (b) the engine ------------------------------------------------------------------------
  engineServe(chunkSize?: number): void {
    const tx = createSender(null, [(input.files as FileList)[0] as File], chunkSize ? { chunkSize } : {});
    acceptConnections(peer as Peer, (link) => tx.attach(link.channel));
  },
  async engineReceive(remoteId: string, storage: 'opfs' | 'memory' | 'auto' = 'auto'): Promise<{ kind: string; sha256: string; ms: number }> {
    const store = await pickStorage({
      opfsWorkerUrl: new URL('./opfs-worker.js', location.href),
      ...(storage === 'auto' ? {} : { force: storage }),
    });
    const rx = createReceiver(null, store);
    const { channel } = await dial(peer as Peer, remoteId);
    const t0 = performance.now();
    rx.attach(channel);
    const r = await rx.done;
    const ms = performance.now() - t0;
    await store.remove();
    return { kind: store.kind, sha256: r.files[0]?.sha256 ?? '', ms };
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
(window as unknown as { __benchReady: boolean }).__benchReady = true;
