/**
 * The sending side: has each file read in blocks (never whole) and hashed as it is read — by the page's read
 * worker when given one, so the main thread only frames bytes — and keeps the channel full: up to
 * `highWaterMark` bytes queued in the data channel, refilled on `bufferedamountlow`, and at most `windowBytes`
 * not yet confirmed stored by the receiver.
 */
import { sanitizeFileName, sanitizeRelativePath } from '../../shared/file-names.ts';
import { MAX_FILES } from '../../shared/transfer-limits.ts';
import {
  CONTROL_MESSAGES_PER_FILE,
  type ControlMessage,
  type DoneMessage,
  FLOW_WINDOW_BYTES,
  FRAME_HEADER_BYTES,
  type HaveEntry,
  MAX_MANIFEST_PARTS,
  MAX_MIME_TYPE_LENGTH,
  type ManifestFile,
  PARTS_VERSION,
  writeFrameHeader,
} from '../../shared/transfer-protocol.ts';
import type { FrameChannel } from './channel.ts';
import {
  type CommonEvents,
  type ConnectionState,
  Endpoint,
  type EndpointOptions,
  type TransferResult,
} from './endpoint.ts';
import {
  CancelledError,
  DigestMismatchError,
  errorFromWire,
  ProtocolError,
  StorageFullError,
  TransferError,
} from './errors.ts';
import type { Checkpoint } from './file-reading.ts';
import { ListParts, splitIntoParts } from './list-parts.ts';
import { type FileProgress, Meter } from './progress.ts';
import { openReadSource, type ReadSource } from './read-source.ts';

// The chunk size and water marks were chosen with `npm run bench:transfer -- --sweep`: on this CPU-bound machine
// these were fastest in every repeat (a bigger send queue was slower, not faster). None is a wire value: the
// receiver takes any frame that fits in a data-channel message.
export const DEFAULT_CHUNK_SIZE = 128 * 1024;
/** Under Chromium's limit: it closes a channel with 16 MiB queued. */
export const DEFAULT_HIGH_WATER = 4 * 1024 * 1024;
export const DEFAULT_LOW_WATER = 1 * 1024 * 1024;
/** The smallest chunk the sender uses, however small the peers' message limit. */
const MIN_CHUNK_SIZE = 1024;

export interface SenderOptions extends EndpointOptions {
  /** Same id on every reconnect of one logical transfer. Default: random. */
  transferId?: string;
  /** Payload bytes per DATA frame; capped by both peers' max message size. Default DEFAULT_CHUNK_SIZE. */
  chunkSize?: number;
  /** Stop queuing when the channel has this much buffered. Default DEFAULT_HIGH_WATER. */
  highWaterMark?: number;
  /** Resume queuing when the buffer falls to this (`bufferedAmountLowThreshold`). Default DEFAULT_LOW_WATER. */
  lowWaterMark?: number;
  /** At most this many bytes sent but not yet confirmed stored by the receiver. Default and most:
   * FLOW_WINDOW_BYTES (a receiver disconnects a sender that has more in flight). */
  windowBytes?: number;
  /** URL of the bundled `read-worker.ts`, which reads and hashes off the main thread. Without it, or where it
   * cannot start, this thread reads and hashes. */
  readWorkerUrl?: string | URL;
}

/** A file to send: a `File` (its `webkitRelativePath` keeps folders) or a Blob with a name. */
export type SendInput = File | { file: Blob; name: string; type?: string; lastModified?: number };

export type SenderEvents = CommonEvents;

type SendStatus = 'pending' | 'sending' | 'sent' | 'ok' | 'cancelled' | 'failed';

interface SendState {
  status: SendStatus;
  /** Bytes the receiver confirmed stored. */
  acked: number;
  /** DATA payload bytes put on the wire for this file, all attempts and connections (stats). */
  sentBytes: number;
  attempts: number;
  sha256?: string;
  /** Hash states at chunk boundaries of the current attempt, by offset (to resume mid-file). */
  checkpoints: Map<number, Uint8Array>;
  meter: Meter;
}

export function randomTransferId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Turn the page's files into manifest entries (names sanitised, folders kept). */
export function toManifest(inputs: readonly SendInput[]): { files: ManifestFile[]; blobs: Blob[] } {
  const files: ManifestFile[] = [];
  const blobs: Blob[] = [];
  inputs.forEach((input, index) => {
    let blob: Blob;
    let name: string;
    let type: string;
    let lastModified: number;
    if (input instanceof Blob) {
      const f = input as File;
      blob = f;
      const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
      name = rel ? sanitizeRelativePath(rel) : sanitizeFileName(f.name ?? 'file');
      type = f.type;
      lastModified = f.lastModified ?? 0;
    } else {
      blob = input.file;
      name = sanitizeRelativePath(input.name);
      type = input.type ?? blob.type;
      lastModified = input.lastModified ?? 0;
    }
    files.push({ index, name, size: blob.size, type: type.slice(0, MAX_MIME_TYPE_LENGTH), lastModified });
    blobs.push(blob);
  });
  return { files, blobs };
}

export class Sender extends Endpoint<SenderEvents> {
  readonly transferId: string;
  readonly files: readonly ManifestFile[];
  readonly #blobs: Blob[];
  readonly #state: SendState[];
  readonly #chunkSize: number;
  readonly #high: number;
  readonly #low: number;
  readonly #window: number;
  /** Where files are read and hashed; asked for at once, so a worker is starting while the peer connects. */
  readonly #source: Promise<ReadSource>;
  #overall: Meter;
  /** Sum of `acked` over all files, kept as it changes. */
  #ackedTotal = 0;
  #dirty = new Set<number>();
  #queue: { index: number; offset: number }[] = [];

  constructor(inputs: readonly SendInput[], opts: SenderOptions = {}) {
    super('sender', opts);
    if (inputs.length > MAX_FILES)
      throw new RangeError(`At most ${MAX_FILES} files can be sent at once (${inputs.length} were chosen).`);
    const { files, blobs } = toManifest(inputs);
    this.files = files;
    this.#blobs = blobs;
    this.transferId = opts.transferId ?? randomTransferId();
    this.#chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.#high = opts.highWaterMark ?? DEFAULT_HIGH_WATER;
    this.#low = opts.lowWaterMark ?? DEFAULT_LOW_WATER;
    this.#window = opts.windowBytes ?? FLOW_WINDOW_BYTES;
    if (this.#window > FLOW_WINDOW_BYTES)
      throw new RangeError(
        `The flow-control window is at most ${FLOW_WINDOW_BYTES} bytes (${this.#window} were asked).`,
      );
    this.#state = files.map((f) => ({
      status: 'pending',
      acked: 0,
      sentBytes: 0,
      attempts: 0,
      checkpoints: new Map(),
      meter: new Meter(f.size),
    }));
    this.#overall = new Meter(files.reduce((s, f) => s + f.size, 0));
    this.#source = openReadSource(opts.readWorkerUrl);
  }

  /** Whether files are read and hashed off this thread (by the read worker). */
  async readsInWorker(): Promise<boolean> {
    return (await this.#source).inWorker;
  }

  /** Bytes of file data put on the wire so far, per file (includes resends). */
  get sentBytes(): number[] {
    return this.#state.map((s) => s.sentBytes);
  }

  /** Status of each file. */
  get statuses(): SendStatus[] {
    return this.#state.map((s) => s.status);
  }

  /** Cancel one file (`index`) or the whole transfer. */
  cancel(index?: number): void {
    if (this.finished) return;
    if (index === undefined) {
      this.fail(new CancelledError());
      return;
    }
    const st = this.#state[index];
    if (!st || st.status === 'ok' || st.status === 'cancelled' || st.status === 'failed') return;
    st.status = 'cancelled';
    this.sendControl(this.connection, { t: 'cancel', index });
    this.emit('file-cancelled', { index, byPeer: false });
    this.kick();
  }

  protected override configureChannel(connection: ConnectionState): void {
    connection.channel.bufferedAmountLowThreshold = this.#low;
  }

  protected override onHandshake(connection: ConnectionState): void {
    // An honest receiver answers each file (ok, bad, cancel) and acks it, some of them at once.
    connection.creditControl(this.files.length * CONTROL_MESSAGES_PER_FILE);
    this.#haveParts = new ListParts('have', this.files.length);
    this.#doneParts = new ListParts('done', this.files.length);
    const version = connection.version as number;
    if (version < PARTS_VERSION) this.#sendWholeManifest(connection, version);
    else this.#sendManifestInParts(connection, version);
  }

  /** Version 1: the list in one message, which must fit the smaller of both ends' message limits. */
  #sendWholeManifest(connection: ConnectionState, version: number): void {
    const manifest: ControlMessage = { t: 'manifest', version, transferId: this.transferId, files: [...this.files] };
    if (new TextEncoder().encode(JSON.stringify(manifest)).byteLength > this.messageLimit(connection)) {
      this.fail(
        new TransferError(
          'version',
          `The other device runs an older version of this app that takes these ${this.files.length} files only in fewer at a time. Reload its page, or send fewer files at once.`,
        ),
      );
      return;
    }
    this.sendControl(connection, manifest);
  }

  /** Version 2: a head announcing the list, then the list in parts that each fit one message. */
  #sendManifestInParts(connection: ConnectionState, version: number): void {
    const parts = splitIntoParts(this.files, this.messageLimit(connection));
    if (parts.length > MAX_MANIFEST_PARTS) {
      this.fail(
        new TransferError(
          'internal',
          `The other device takes messages of ${this.messageLimit(connection)} bytes, too small for this list of files.`,
        ),
      );
      return;
    }
    this.sendControl(connection, {
      t: 'manifest-head',
      version,
      transferId: this.transferId,
      fileCount: this.files.length,
      totalBytes: this.files.reduce((sum, f) => sum + f.size, 0),
      parts: parts.length,
    });
    for (const [part, files] of parts.entries()) this.sendControl(connection, { t: 'manifest-part', part, files });
  }

  /** Lists the receiver sends in parts (version 2), being put back together; new for each connection. */
  #haveParts: ListParts<HaveEntry> | null = null;
  #doneParts: ListParts<DoneMessage['files'][number]> | null = null;

  /** A `have` or `done` whole: a version 1 message as it is, a version 2 part added to the rest (null until the last). */
  #whole<T extends { index: number }>(
    connection: ConnectionState,
    parts: ListParts<T> | null,
    msg: { t: string; files: T[]; more?: boolean },
  ): T[] | null {
    if ((connection.version ?? 0) < PARTS_VERSION) {
      if (msg.more) throw new ProtocolError(`'${msg.t}' in parts in version ${connection.version}`);
      return msg.files;
    }
    if (!parts) throw new ProtocolError(`'${msg.t}' before the file list`);
    return parts.add(msg.files, msg.more === true);
  }

  protected override onDisconnected(): void {
    for (const st of this.#state) if (st.status === 'sending') st.status = 'pending';
  }

  protected override onFinished(): void {
    void this.#source.then((source) => source.release());
  }

  protected override onData(): void {
    throw new ProtocolError('the receiver sent file data');
  }

  /** Waiting for the receiver: for its `have`, an ack of what was sent, or the verdict on a sent file. */
  protected override awaitingPeer(): boolean {
    const connection = this.connection;
    if (!connection || connection.version === null || this.#paused) return false;
    return (
      !this.#haveSeen ||
      this.#haveParts?.pending === true ||
      this.#doneParts?.pending === true ||
      connection.sent > connection.acked ||
      this.#state.some((s) => s.status === 'sent')
    );
  }
  #haveSeen = false;
  /** The receiver ran out of storage: nothing is sent until its next `have`. */
  #paused = false;
  /** The connection whose sending loop runs (a `have` after a pause must not start a second one). */
  #pumping: ConnectionState | null = null;

  protected override onControl(connection: ConnectionState, msg: ControlMessage): void {
    if (msg.t !== 'cancel') this.noteMovedOn();
    switch (msg.t) {
      case 'have': {
        if (msg.transferId !== this.transferId) throw new ProtocolError('have for another transfer');
        const files = this.#whole(connection, this.#haveParts, msg);
        if (files) this.#onHave(connection, files);
        return;
      }
      case 'pause': {
        // Stop at once; what was sent but not stored is sent again from the receiver's next `have`.
        for (const st of this.#state) if (st.status === 'sending' || st.status === 'sent') st.status = 'pending';
        this.#queue = [];
        this.sendControl(connection, { t: 'pause' });
        if (!this.#paused) {
          this.#paused = true;
          this.emit('paused', { error: new StorageFullError(msg.reason || undefined) });
        }
        this.kick();
        return;
      }
      case 'ack': {
        const st = this.#state[msg.index];
        if (!st) throw new ProtocolError(`ack for unknown file ${msg.index}`);
        const delta = msg.bytes - st.acked;
        if (delta > 0) connection.acked += delta;
        st.acked = Math.min(msg.bytes, this.files[msg.index]?.size ?? 0);
        this.#progress(msg.index);
        this.kick();
        return;
      }
      case 'file-ok': {
        const st = this.#state[msg.index];
        const f = this.files[msg.index];
        if (!st || !f) throw new ProtocolError(`file-ok for unknown file ${msg.index}`);
        if (st.sha256 && st.sha256 !== msg.sha256)
          throw new ProtocolError(`file-ok with a different digest for file ${msg.index}`);
        if (st.status === 'cancelled') return;
        st.status = 'ok';
        st.sha256 = msg.sha256;
        st.acked = f.size;
        st.checkpoints.clear();
        this.#progress(msg.index);
        this.emit('file-done', { index: msg.index, name: f.name, sha256: msg.sha256 });
        return;
      }
      case 'file-bad': {
        const st = this.#state[msg.index];
        if (!st) throw new ProtocolError(`file-bad for unknown file ${msg.index}`);
        const error = new DigestMismatchError(msg.index, msg.expected, msg.actual, msg.attempt, msg.retry);
        this.emit('file-error', { index: msg.index, error });
        if (st.status === 'cancelled') return;
        st.acked = 0;
        delete st.sha256;
        st.checkpoints.clear();
        this.#ackedTotal -= st.meter.bytes;
        st.meter.rebase(0);
        this.#progress(msg.index);
        if (msg.retry) {
          st.status = 'pending';
          this.#queue.push({ index: msg.index, offset: 0 });
        } else st.status = 'failed';
        this.kick();
        return;
      }
      case 'cancel': {
        if (msg.index === undefined) {
          this.fail(new CancelledError({ byPeer: true, ...(msg.reason ? { reason: msg.reason } : {}) }), false);
          return;
        }
        const st = this.#state[msg.index];
        if (!st || st.status === 'ok' || st.status === 'cancelled') return;
        st.status = 'cancelled';
        this.emit('file-cancelled', { index: msg.index, byPeer: true });
        this.kick();
        return;
      }
      case 'error':
        this.fail(errorFromWire(msg.code, msg.message), false);
        return;
      case 'done': {
        const files = this.#whole(connection, this.#doneParts, msg);
        if (!files) return;
        for (const f of files) {
          const st = this.#state[f.index];
          if (!st) continue;
          if (f.status === 'ok') {
            st.status = 'ok';
            if (f.sha256) st.sha256 = f.sha256;
          } else if (st.status !== 'ok') st.status = f.status;
        }
        this.succeed();
        return;
      }
      default:
        throw new ProtocolError(`unexpected '${msg.t}' from the receiver`);
    }
  }

  #onHave(connection: ConnectionState, files: readonly HaveEntry[]): void {
    this.#haveSeen = true;
    if (this.#paused) {
      this.#paused = false;
      this.emit('resumed', {});
    }
    connection.sent = connection.acked = 0;
    const have = new Map(files.map((e) => [e.index, e]));
    this.#queue = [];
    let total = 0;
    for (const f of this.files) {
      const st = this.#state[f.index] as SendState;
      const e = have.get(f.index);
      if (e?.done) {
        if (st.status !== 'cancelled' && st.status !== 'ok') {
          st.status = 'ok';
          // Verified while the connection was down (its file-ok was lost with the connection).
          this.emit('file-done', { index: f.index, name: f.name, sha256: st.sha256 ?? '' });
        }
        st.acked = f.size;
      } else if (e?.cancelled) {
        if (st.status !== 'ok') {
          const was = st.status;
          st.status = 'cancelled';
          if (was !== 'cancelled') this.emit('file-cancelled', { index: f.index, byPeer: true });
        }
      } else {
        const bytes = Math.min(e?.bytes ?? 0, f.size);
        st.acked = bytes;
        if (st.status === 'cancelled') {
          // Cancelled here while disconnected: tell the receiver now.
          this.sendControl(connection, { t: 'cancel', index: f.index });
        } else if (st.status !== 'failed') {
          st.status = 'pending';
          this.#queue.push({ index: f.index, offset: bytes });
        }
      }
      st.meter.rebase(st.acked);
      total += st.acked;
    }
    this.#overall.rebase(total);
    this.#ackedTotal = total;
    this.emitProgress(true);
    if (this.#pumping === connection) this.kick();
    else void this.#pump(connection);
  }

  async #pump(connection: ConnectionState): Promise<void> {
    this.#pumping = connection;
    try {
      while (this.isAlive(connection)) {
        const item = this.#queue.shift();
        if (!item) {
          await this.wait(1000);
          continue;
        }
        const st = this.#state[item.index];
        if (st?.status !== 'pending') continue;
        await this.#sendFile(connection, item.index, item.offset);
      }
    } catch (e) {
      if (this.isAlive(connection))
        this.fail(
          e instanceof TransferError
            ? e
            : new TransferError('internal', `Sending failed: ${(e as Error)?.message ?? e}`, { cause: e }),
        );
    } finally {
      if (this.#pumping === connection) this.#pumping = null;
    }
  }

  /** The latest checkpoint of `index` at or before `offset` (none: hashing starts from the file's first byte). */
  #checkpointFor(index: number, offset: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const [at, state] of (this.#state[index] as SendState).checkpoints)
      if (at <= offset && at >= (best?.offset ?? 0)) best = { offset: at, state };
    return best;
  }

  async #sendFile(connection: ConnectionState, index: number, start: number): Promise<void> {
    const st = this.#state[index] as SendState;
    const file = this.files[index] as ManifestFile;
    const size = file.size;
    st.status = 'sending';
    st.attempts += start === 0 ? 1 : 0;
    this.emit('file-start', { index, name: file.name, offset: start });
    const stillWanted = () => this.isAlive(connection) && st.status === 'sending';
    if (!(start === size && st.sha256)) {
      if (start === 0) st.checkpoints.clear();
      const maxPayload = Math.min(connection.channel.maxMessageSize, connection.peerMaxMessage) - FRAME_HEADER_BYTES;
      const chunk = Math.max(MIN_CHUNK_SIZE, Math.min(this.#chunkSize, maxPayload));
      const resume = this.#checkpointFor(index, start);
      const reading = (await this.#source).open({
        blob: this.#blobs[index] as Blob,
        start,
        ...(resume ? { resume } : {}),
      });
      let next = reading.read();
      // One frame buffer for the whole file: the channel copies on send, so nothing is allocated per frame.
      const frame = new Uint8Array(FRAME_HEADER_BYTES + chunk);
      try {
        for (;;) {
          const step = await next;
          if (!stillWanted()) return;
          if ('sha256' in step) {
            st.sha256 = step.sha256;
            break;
          }
          const { bytes, offset: blockOffset, state } = step.block;
          // The next block is read and hashed while this one goes out.
          next = reading.read();
          // A checkpoint per block lets a resume re-hash at most one block of what was sent.
          if (blockOffset > start) st.checkpoints.set(blockOffset, state);
          for (let at = 0; at < bytes.byteLength; ) {
            while (
              stillWanted() &&
              (connection.channel.bufferedAmount > this.#high - chunk ||
                connection.sent - connection.acked > this.#window)
            ) {
              await this.wait();
            }
            if (!stillWanted()) return;
            const payload = bytes.subarray(at, Math.min(bytes.byteLength, at + chunk));
            writeFrameHeader(frame, index, blockOffset + at);
            frame.set(payload, FRAME_HEADER_BYTES);
            try {
              connection.channel.send(frame.subarray(0, FRAME_HEADER_BYTES + payload.byteLength));
            } catch {
              connection.channel.close();
              return;
            }
            connection.sent += payload.byteLength;
            st.sentBytes += payload.byteLength;
            at += payload.byteLength;
          }
        }
      } catch (e) {
        if (!stillWanted()) return;
        throw new TransferError('internal', `Could not read "${file.name}": ${(e as Error)?.message ?? e}`, {
          index,
          cause: e,
        });
      } finally {
        next.catch(() => {});
        reading.close();
      }
    }
    if (!stillWanted()) return;
    this.sendControl(connection, { t: 'digest', index, size, sha256: st.sha256 as string });
    st.status = 'sent';
  }

  #progress(index: number): void {
    const st = this.#state[index];
    if (!st) return;
    this.#ackedTotal += st.acked - st.meter.bytes;
    st.meter.set(st.acked);
    this.#overall.set(this.#ackedTotal);
    this.#dirty.add(index);
  }

  protected override emitProgress(force: boolean): void {
    if (!force && this.#dirty.size === 0) return;
    const files: FileProgress[] = [];
    for (const index of this.#dirty) {
      const st = this.#state[index] as SendState;
      const f = this.files[index] as ManifestFile;
      files.push({ index, name: f.name, ...st.meter.figures(st.status === 'ok') });
    }
    this.#dirty.clear();
    this.emit('progress', { overall: this.#overall.figures(this.finished), files });
  }

  protected override result(): TransferResult {
    return {
      transferId: this.transferId,
      files: this.files.map((f) => {
        const st = this.#state[f.index] as SendState;
        const status = st.status === 'ok' ? 'ok' : st.status === 'cancelled' ? 'cancelled' : 'failed';
        return { ...f, status, ...(st.sha256 && status === 'ok' ? { sha256: st.sha256 } : {}) };
      }),
    };
  }
}

/** Send `files` over `channel` (or call `attach()` later). `done` resolves when the receiver has them all. */
export function createSender(
  channel: FrameChannel | null,
  files: readonly SendInput[],
  opts: SenderOptions = {},
): Sender {
  const s = new Sender(files, opts);
  if (channel) s.attach(channel);
  return s;
}
