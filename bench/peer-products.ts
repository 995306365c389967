/**
 * The data paths of two products people pick instead of this one, re-created for the transfer bench (page side,
 * driven through bench/page.ts) with the parameters of their own code:
 * (d) FilePizza (kern/filepizza at 60704b4: src/hooks/useUploaderConnections.ts, src/hooks/useDownloader.ts,
 *     src/utils/download.ts, src/messages.ts),
 * (e) PairDrop (schlagmichdoch/PairDrop at 31ec776: public/scripts/network.js, classes Peer, RTCPeer, FileChunker,
 *     FileDigester).
 * Both run over a PeerJS connection set up by the app's own /peerjs, like every path of the bench. Their user
 * interfaces are left out (React renders there, a progress event per chunk here: one status line).
 */
import type { DataConnection, Peer } from 'peerjs';

/** The receiver's copy of the file, for the bench to check byte for byte after the timing. */
export interface ReceivedCopy {
  blob(): Promise<Blob>;
  /** Frees what the copy takes (a file in the origin's storage), so rounds do not fill the disk. */
  discard(): Promise<void>;
  /** What the receiver saw that may explain a copy that differs from the file. */
  note?: string;
}

/** A receive: bytes taken in, ms from the open connection to the file complete at the receiver. */
export interface TimedReceive {
  bytes: number;
  ms: number;
  copy: ReceivedCopy;
}

/** Shows a transfer's progress as the products do on every chunk (their progress bars; a status line here). */
export type ShowProgress = (verb: 'Sending' | 'Receiving', done: number, total: number) => void;

// ---- (d) FilePizza -------------------------------------------------------------------------------------------

/** `MAX_CHUNK_SIZE` in useUploaderConnections.ts. */
const FILEPIZZA_CHUNK = 256 * 1024;
/** Where the download goes: StreamSaver streams it to the downloads folder there; an OPFS file stands in here. */
const FILEPIZZA_DOWNLOAD = 'bench-filepizza-download';

type FilePizzaMessage =
  | { type: 'RequestInfo' }
  | { type: 'Info'; files: { fileName: string; size: number; type: string }[] }
  | { type: 'Start'; fileName: string; offset: number }
  | { type: 'Chunk'; fileName: string; offset: number; bytes: ArrayBuffer | Blob; final: boolean }
  | { type: 'ChunkAck'; fileName: string; offset: number; bytesReceived: number }
  | { type: 'Done' };

/**
 * The uploader: on `Start`, one chunk per `setTimeout(0)`, each a Blob slice in an object that PeerJS's binary
 * serialization packs (reading the slice) and cuts into 16300-byte messages. It never looks at the channel's
 * buffer: what the channel cannot take waits in PeerJS's own queue, in the page's memory. Acks only move its
 * progress bar.
 */
export function filepizzaServe(peer: Peer, file: File, show: ShowProgress): void {
  peer.on('connection', (conn: DataConnection) => {
    let acknowledged = 0;
    const send = (m: FilePizzaMessage) => conn.send(m);
    conn.on('data', (raw) => {
      const m = raw as FilePizzaMessage;
      if (m.type === 'RequestInfo')
        send({ type: 'Info', files: [{ fileName: file.name, size: file.size, type: file.type }] });
      else if (m.type === 'Start') {
        let offset = m.offset;
        const sendNextChunkAsync = () =>
          setTimeout(() => {
            const end = Math.min(file.size, offset + FILEPIZZA_CHUNK);
            const final = offset + FILEPIZZA_CHUNK >= file.size; // isFinalChunk()
            send({ type: 'Chunk', fileName: m.fileName, offset, bytes: file.slice(offset, end), final });
            offset = end;
            if (!final) sendNextChunkAsync();
          }, 0);
        sendNextChunkAsync();
      } else if (m.type === 'ChunkAck') {
        acknowledged += m.bytesReceived;
        show('Sending', acknowledged, file.size);
      } else if (m.type === 'Done') conn.close();
    });
  });
}

/**
 * The downloader: `peer.connect(id, { reliable: true })` (PeerJS's default, binary serialization), RequestInfo →
 * Info → Start; each chunk goes into a ReadableStream with no back-pressure and is acknowledged at once; the
 * stream is pumped into the download's writer (streamDownloadSingleFile), and `Done` goes back when it is written.
 */
export async function filepizzaReceive(peer: Peer, remoteId: string, show: ShowProgress): Promise<TimedReceive> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(FILEPIZZA_DOWNLOAD).catch(() => {});
  const handle = await root.getFileHandle(FILEPIZZA_DOWNLOAD, { create: true });
  const writer = (await handle.createWritable()).getWriter();
  const conn = peer.connect(remoteId, { reliable: true });
  const send = (m: FilePizzaMessage) => conn.send(m);
  let enqueue: (chunk: Uint8Array) => void = () => {};
  let close: () => void = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(ctrl) {
      enqueue = (chunk) => ctrl.enqueue(chunk);
      close = () => ctrl.close();
    },
  });
  return new Promise<TimedReceive>((resolve, reject) => {
    let t0 = 0;
    let size = 0;
    let received = 0;
    /** Chunks whose offset is not where the file stood: FilePizza writes each as it comes, whatever its offset. */
    let outOfOrder = 0;
    conn.on('open', () => {
      t0 = performance.now();
      send({ type: 'RequestInfo' });
    });
    conn.on('error', reject);
    conn.on('data', (raw) => {
      const m = raw as FilePizzaMessage;
      if (m.type === 'Info') {
        const info = m.files[0] as { fileName: string; size: number };
        size = info.size;
        pump(stream, writer).then(() => {
          send({ type: 'Done' });
          const copy: ReceivedCopy = {
            blob: () => handle.getFile(),
            discard: () => root.removeEntry(FILEPIZZA_DOWNLOAD),
            ...(outOfOrder ? { note: `${outOfOrder} chunks came out of order and were written as they came` } : {}),
          };
          resolve({ bytes: received, ms: performance.now() - t0, copy });
        }, reject);
        send({ type: 'Start', fileName: info.fileName, offset: 0 });
      } else if (m.type === 'Chunk') {
        const bytes = m.bytes as ArrayBuffer;
        if (m.offset !== received) outOfOrder++;
        received += bytes.byteLength;
        show('Receiving', received, size);
        enqueue(new Uint8Array(bytes));
        send({ type: 'ChunkAck', fileName: m.fileName, offset: m.offset, bytesReceived: bytes.byteLength });
        if (m.final) close();
      }
    });
  });
}

/** streamDownloadSingleFile's pump: read a chunk, write it, until the stream ends; then close the file. */
async function pump(stream: ReadableStream<Uint8Array>, writer: WritableStreamDefaultWriter<Uint8Array>) {
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) await writer.write(r.value);
  await writer.close();
}

// ---- (e) PairDrop --------------------------------------------------------------------------------------------

type PairDropMessage =
  | { type: 'request'; header: { name: string; mime: string; size: number }[]; totalSize: number }
  | { type: 'files-transfer-response'; accepted: boolean }
  | { type: 'header'; name: string; mime: string; size: number }
  | { type: 'partition'; offset: number }
  | { type: 'partition-received'; offset: number }
  | { type: 'progress'; progress: number }
  | { type: 'file-transfer-complete' };

/** JSON control messages and bare ArrayBuffer chunks on the one ordered channel, as RTCPeer sends them. */
function pairdropChannel(conn: DataConnection) {
  return {
    sendJSON: (m: PairDropMessage) => conn.dataChannel.send(JSON.stringify(m)),
    send: (chunk: ArrayBuffer) => conn.dataChannel.send(chunk),
  };
}

/**
 * The sending peer: `request` (the receiver auto-accepts, as for a paired device), then `header` and the file
 * through FileChunker: 64,000-byte FileReader reads, each sent as it is read, and after each 1 MB partition it
 * stops until the receiver answers `partition-received`.
 */
export function pairdropServe(peer: Peer, file: File, show: ShowProgress): void {
  peer.on('connection', (conn: DataConnection) => {
    const channel = pairdropChannel(conn);
    let chunker: FileChunker | null = null;
    // Raw serialization hands the channel's messages over as they are: strings for JSON, ArrayBuffers for chunks.
    conn.on('data', (data) => {
      if (typeof data !== 'string') return;
      const m = JSON.parse(data) as PairDropMessage;
      if (m.type === 'files-transfer-response' && m.accepted) {
        channel.sendJSON({ type: 'header', size: file.size, name: file.name, mime: file.type });
        chunker = new FileChunker(file, channel.send, (offset) => channel.sendJSON({ type: 'partition', offset }));
        chunker.nextPartition();
      } else if (m.type === 'partition-received') {
        if (chunker && !chunker.isFileEnd()) chunker.nextPartition();
      } else if (m.type === 'progress') show('Sending', m.progress * file.size, file.size);
      else if (m.type === 'file-transfer-complete') chunker = null;
    });
    conn.on('open', () =>
      channel.sendJSON({
        type: 'request',
        header: [{ name: file.name, mime: file.type, size: file.size }],
        totalSize: file.size,
      }),
    );
  });
}

/**
 * The receiving peer: FileDigester keeps every chunk in an array and makes the File (a Blob of the chunks) when
 * the bytes add up; `partition` is answered at once; progress goes back every 0.5 %.
 */
export function pairdropReceive(peer: Peer, remoteId: string, show: ShowProgress): Promise<TimedReceive> {
  const conn = peer.connect(remoteId, { reliable: true, serialization: 'raw' });
  const channel = pairdropChannel(conn);
  return new Promise<TimedReceive>((resolve, reject) => {
    let t0 = 0;
    let digester: FileDigester | null = null;
    let lastProgress = 0;
    conn.on('open', () => (t0 = performance.now()));
    conn.on('error', reject);
    conn.on('data', (data) => {
      if (typeof data !== 'string') {
        // _onChunkReceived
        if (!digester) return;
        digester.unchunk(data as ArrayBuffer);
        const progress = digester.progress;
        show('Receiving', progress * digester.size, digester.size);
        if (progress - lastProgress < 0.005 && progress !== 1) return;
        lastProgress = progress;
        channel.sendJSON({ type: 'progress', progress });
        return;
      }
      const m = JSON.parse(data) as PairDropMessage;
      if (m.type === 'request') channel.sendJSON({ type: 'files-transfer-response', accepted: true });
      else if (m.type === 'header')
        digester = new FileDigester(m, (file) => {
          channel.sendJSON({ type: 'file-transfer-complete' });
          resolve({
            bytes: file.size,
            ms: performance.now() - t0,
            copy: { blob: async () => file, discard: async () => {} },
          });
        });
      else if (m.type === 'partition') channel.sendJSON({ type: 'partition-received', offset: m.offset });
    });
  });
}

/** PairDrop's FileChunker: `_chunkSize = 64000`, `_maxPartitionSize = 1e6`, one FileReader. */
class FileChunker {
  readonly #chunkSize = 64000;
  readonly #maxPartitionSize = 1e6;
  #offset = 0;
  #partitionSize = 0;
  readonly #reader = new FileReader();
  readonly #file: File;
  readonly #onChunk: (chunk: ArrayBuffer) => void;
  readonly #onPartitionEnd: (offset: number) => void;

  constructor(file: File, onChunk: (chunk: ArrayBuffer) => void, onPartitionEnd: (offset: number) => void) {
    this.#file = file;
    this.#onChunk = onChunk;
    this.#onPartitionEnd = onPartitionEnd;
    this.#reader.addEventListener('load', () => this.#onChunkRead(this.#reader.result as ArrayBuffer));
  }

  nextPartition(): void {
    this.#partitionSize = 0;
    this.#readChunk();
  }

  isFileEnd(): boolean {
    return this.#offset >= this.#file.size;
  }

  #readChunk(): void {
    this.#reader.readAsArrayBuffer(this.#file.slice(this.#offset, this.#offset + this.#chunkSize));
  }

  #onChunkRead(chunk: ArrayBuffer): void {
    this.#offset += chunk.byteLength;
    this.#partitionSize += chunk.byteLength;
    this.#onChunk(chunk);
    if (this.isFileEnd()) return;
    if (this.#partitionSize >= this.#maxPartitionSize) {
      this.#onPartitionEnd(this.#offset);
      return;
    }
    this.#readChunk();
  }
}

/** PairDrop's FileDigester: every chunk kept until the last, then one File of them all. */
class FileDigester {
  #buffer: ArrayBuffer[] = [];
  #bytesReceived = 0;
  progress = 0;
  readonly size: number;
  readonly #meta: { name: string; mime: string; size: number };
  readonly #callback: (file: File) => void;

  constructor(meta: { name: string; mime: string; size: number }, callback: (file: File) => void) {
    this.size = meta.size;
    this.#meta = meta;
    this.#callback = callback;
  }

  unchunk(chunk: ArrayBuffer): void {
    this.#buffer.push(chunk);
    this.#bytesReceived += chunk.byteLength;
    this.progress = this.#bytesReceived / this.size;
    if (this.#bytesReceived < this.size) return;
    const blob = new Blob(this.#buffer);
    this.#buffer = [];
    this.#callback(new File([blob], this.#meta.name, { type: this.#meta.mime || 'application/octet-stream' }));
  }
}
