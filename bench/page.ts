/**
 * Browser side of `npm run bench:transfer`: (a) a raw RTCDataChannel (and (a′) sending the file), (b) the engine end to end,
 * (c) a naive PeerJS transfer written like the original project, (d) FilePizza's and (e) PairDrop's data paths
 * (bench/peer-products.ts). Driven from bench/transfer.ts.
 */
import type { DataConnection, Peer } from 'peerjs';
import { blocksOf } from '../src/client/engine/block-reader.ts';
import {
  acceptConnections,
  connectPeer,
  createReceiver,
  createSender,
  dial,
  pickStorage,
  type SenderOptions,
  sha256OfBlob,
} from '../src/client/engine/index.ts';
import { harnessCredentials } from '../test/e2e/fixtures/harness-credentials.ts';
import {
  filepizzaReceive,
  filepizzaServe,
  pairdropReceive,
  pairdropServe,
  type ReceivedCopy,
  type ShowProgress,
  type TimedReceive,
} from './peer-products.ts';

const input = document.createElement('input');
input.type = 'file';
input.id = 'file';
const status = document.createElement('p');
document.body.append(input, status);

let pc: RTCPeerConnection | null = null;
let dc: RTCDataChannel | null = null;
let peer: Peer | null = null;
/** Bytes the raw receiver has had since its channel opened, and who waits for more. */
let rawGot = 0;
let rawWaiter: (() => void) | null = null;
/** The last (c)/(d)/(e) receive's copy of the file, until `receivedDigest` checks it. */
let receivedCopy: ReceivedCopy | null = null;

const selectedFile = (): File => (input.files as FileList)[0] as File;
/** A status line rewritten per chunk, as the original project and the products' progress bars do. */
const showProgress: ShowProgress = (verb, done, total) => {
  status.textContent = `${verb}... ${Math.round((done / total) * 100)}%`;
};
/** Keeps a receive's copy for `receivedDigest`; answers what bench/transfer.ts times. */
function keep({ bytes, ms, copy }: TimedReceive): { bytes: number; ms: number } {
  receivedCopy = copy;
  return { bytes, ms };
}

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
    rawGot = 0;
    pc.ondatachannel = (e) => {
      dc = e.channel;
      dc.binaryType = 'arraybuffer';
      // Counted from the first message on: a run's bytes may arrive before its `rawReceive` call does.
      dc.onmessage = (m) => {
        rawGot += (m.data as ArrayBuffer).byteLength;
        rawWaiter?.();
      };
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
    while (dc?.readyState !== 'open') await new Promise((r) => setTimeout(r, 20));
  },
  /** Sends `total` bytes: one buffer again and again, or with `fromFile` the chosen file, read as the engine reads it. */
  async rawSend(total: number, chunk: number, high: number, low: number, fromFile = false): Promise<void> {
    const ch = dc as RTCDataChannel;
    ch.bufferedAmountLowThreshold = low;
    const buf = new Uint8Array(chunk);
    crypto.getRandomValues(buf.subarray(0, 65536));
    const blocks = blocksOf(selectedFile());
    let block = new Uint8Array(0);
    let blockStart = 0;
    let sent = 0;
    try {
      while (sent < total) {
        while (ch.bufferedAmount > high - chunk)
          await new Promise((r) => ch.addEventListener('bufferedamountlow', r, { once: true }));
        const n = Math.min(chunk, total - sent);
        if (!fromFile) ch.send(n === chunk ? buf : buf.subarray(0, n));
        else {
          if (sent >= blockStart + block.byteLength) {
            blockStart = sent;
            block = (await blocks.next()).value ?? new Uint8Array(0);
          }
          ch.send(block.subarray(sent - blockStart, Math.min(block.byteLength, sent - blockStart + n)));
        }
        sent += n;
      }
    } finally {
      await blocks.return(undefined);
    }
  },
  /** Resolves once `until` bytes have arrived since the channel opened. */
  async rawReceive(until: number): Promise<void> {
    while (rawGot < until) await new Promise<void>((r) => (rawWaiter = r));
    rawWaiter = null;
  },
  rawClose(): void {
    pc?.close();
    pc = null;
    dc = null;
  },

  // ---- PeerJS peers ----------------------------------------------------------------------------
  async initPeer(): Promise<string> {
    peer = await connectPeer({ credentials: harnessCredentials });
    return peer.id;
  },

  // ---- (c) naive, the original project's data path: the whole file in memory, 16 KiB objects through
  // PeerJS's binary serialization with no flow control, a status line rewritten per chunk on both ends,
  // and the receiver putting chunks into IndexedDB in batches of 50 (one transaction per batch).
  naiveServe(): void {
    (peer as Peer).on('connection', (conn: DataConnection) => {
      conn.on('open', async () => {
        const file = selectedFile();
        const bytes = new Uint8Array(await file.arrayBuffer());
        const fileId = btoa(`${file.name}:${file.size}:${file.lastModified}`);
        const CHUNK = 16 * 1024;
        conn.send({ type: 'file-start', fileId, name: file.name, size: file.size });
        for (let offset = 0; offset < bytes.length; offset += CHUNK) {
          const chunk = bytes.slice(offset, offset + CHUNK);
          conn.send({
            type: 'file-chunk',
            fileId,
            chunkIndex: offset / CHUNK,
            data: chunk.buffer,
            total: bytes.length,
          });
          showProgress('Sending', offset + chunk.length, bytes.length);
        }
        conn.send({ type: 'file-complete', fileId });
      });
    });
  },
  async naiveReceive(remoteId: string): Promise<{ bytes: number; ms: number }> {
    // No chunk of an earlier run may stand in for a lost one when the copy is checked.
    await deleteNaiveDb();
    const conn = (peer as Peer).connect(remoteId, { reliable: true, serialization: 'binary' });
    const store = new NaiveChunkStore();
    let t0 = 0;
    let size = 0;
    let received = 0;
    conn.on('open', () => (t0 = performance.now()));
    return new Promise((resolve, reject) => {
      conn.on('data', (raw) => {
        const m = raw as {
          type: string;
          fileId: string;
          size?: number;
          chunkIndex?: number;
          data?: ArrayBuffer | Uint8Array;
        };
        if (m.type === 'file-start') size = m.size as number;
        else if (m.type === 'file-chunk' && m.data) {
          const data = m.data instanceof Uint8Array ? m.data : new Uint8Array(m.data);
          received += data.byteLength;
          store.add(m.fileId, m.chunkIndex as number, data).catch(reject);
          showProgress('Receiving', received, size);
        } else if (m.type === 'file-complete') {
          const fileId = m.fileId;
          store
            .flush(fileId)
            .then(() =>
              resolve(
                keep({
                  bytes: received,
                  ms: performance.now() - t0,
                  copy: { blob: () => store.read(fileId), discard: deleteNaiveDb },
                }),
              ),
            )
            .catch(reject);
        }
      });
    });
  },

  // ---- (d) FilePizza, (e) PairDrop ----------------------------------------------------------------
  filepizzaServe(): void {
    filepizzaServe(peer as Peer, selectedFile(), showProgress);
  },
  async filepizzaReceive(remoteId: string): Promise<{ bytes: number; ms: number }> {
    return keep(await filepizzaReceive(peer as Peer, remoteId, showProgress));
  },
  pairdropServe(): void {
    pairdropServe(peer as Peer, selectedFile(), showProgress);
  },
  async pairdropReceive(remoteId: string): Promise<{ bytes: number; ms: number }> {
    return keep(await pairdropReceive(peer as Peer, remoteId, showProgress));
  },

  /** Length and SHA-256 of the last (c)/(d)/(e) receive's copy (after the timing), then the copy is freed. */
  async receivedDigest(): Promise<{ bytes: number; sha256: string; note?: string }> {
    const copy = receivedCopy;
    receivedCopy = null;
    if (!copy) throw new Error('no received copy to check');
    try {
      const blob = await copy.blob();
      return { bytes: blob.size, sha256: await sha256OfBlob(blob), ...(copy.note ? { note: copy.note } : {}) };
    } finally {
      await copy.discard();
    }
  },

  // ---- (b) the engine ------------------------------------------------------------------------
  /** `onPage`: the page reads and hashes the file itself (the engine's way before the read worker). */
  engineServe(
    settings: Pick<SenderOptions, 'chunkSize' | 'highWaterMark' | 'lowWaterMark'> = {},
    onPage = false,
  ): void {
    const tx = createSender(null, [selectedFile()], {
      ...settings,
      ...(onPage ? {} : { readWorkerUrl: new URL('./read-worker.js', location.href) }),
    });
    acceptConnections(peer as Peer, (link) => tx.attach(link.channel));
  },
  async engineReceive(
    remoteId: string,
    storage: 'opfs' | 'memory' | 'auto' = 'auto',
  ): Promise<{ kind: string; sha256: string; ms: number }> {
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

/** The original project's receiving store: chunks buffered per file and put into IndexedDB 50 at a time. */
class NaiveChunkStore {
  readonly #buffers = new Map<string, Map<number, Uint8Array>>();

  async add(fileId: string, index: number, data: Uint8Array): Promise<void> {
    const buffer = this.#buffers.get(fileId) ?? new Map<number, Uint8Array>();
    this.#buffers.set(fileId, buffer);
    buffer.set(index, data);
    if (buffer.size >= 50) await this.flush(fileId);
  }

  async flush(fileId: string): Promise<void> {
    const buffer = this.#buffers.get(fileId);
    if (!buffer || buffer.size === 0) return;
    const batch = [...buffer];
    buffer.clear();
    const db = await openNaiveDb();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('chunks', 'readwrite');
      const chunks = tx.objectStore('chunks');
      for (const [chunkIndex, data] of batch) chunks.put({ fileId, chunkIndex, data });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }

  /** The stored chunks of a file in index order, as one Blob. */
  async read(fileId: string): Promise<Blob> {
    const db = await openNaiveDb();
    const rows = await new Promise<{ data: Uint8Array }[]>((resolve, reject) => {
      const req = db
        .transaction('chunks')
        .objectStore('chunks')
        .getAll(IDBKeyRange.bound([fileId, 0], [fileId, Number.POSITIVE_INFINITY]));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return new Blob(rows.map((r) => r.data as Uint8Array<ArrayBuffer>));
  }
}

function deleteNaiveDb(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase('bench-naive-chunks');
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
  });
}

function openNaiveDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('bench-naive-chunks', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('chunks', { keyPath: ['fileId', 'chunkIndex'] });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
