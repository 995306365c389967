/**
 * The receiving side: writes each DATA frame to storage as it arrives (the store hashes while it
 * writes), acknowledges stored bytes (the sender's flow-control window and progress), checks every
 * file's SHA-256, asks for a resend on mismatch, and on (re)connect tells the sender what it has.
 */
import {
  ACK_EVERY_BYTES,
  CONTROL_MESSAGES_PER_FILE,
  type ControlMessage,
  type DoneMessage,
  decodeFrameHeader,
  FRAME_HEADER_BYTES,
  type HaveEntry,
  MAX_UNWRITTEN_BYTES,
  type ManifestFile,
  type ManifestHeadMessage,
  type ManifestMessage,
  type ManifestPartMessage,
  PARTS_VERSION,
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
  isQuotaError,
  OverrunError,
  ProtocolError,
  StorageError,
  StorageFullError,
  TransferError,
} from './errors.ts';
import { ManifestAssembler } from './manifest-assembler.ts';
import { type FileProgress, Meter } from './progress.ts';
import type { ReceiveStorage, StorageKind } from './storage.ts';
import { noRoomMessage } from './storage-room.ts';

export interface ReceiverOptions extends EndpointOptions {
  /** Attempts per file before a digest mismatch is final. Default 3. */
  maxAttempts?: number;
  /** Acknowledge stored bytes at least every this many bytes. Default ACK_EVERY_BYTES. */
  ackEveryBytes?: number;
  /** Only accept this transfer id (e.g. to resume a stored one after a reload). */
  expectTransferId?: string;
  /** Paused for lack of storage: look for room again this often. Default 3 s. */
  storageRetryMs?: number;
  /** A file list announced in parts must have come whole within this time of its head. Default 60 s. */
  manifestTimeoutMs?: number;
}

/** What a file list says, whether it came in one `manifest` (version 1) or in parts. */
type FileList = Pick<ManifestMessage, 'version' | 'transferId' | 'files'>;

/** A file list coming in parts over one connection, and the deadline for the rest of it. */
interface Assembly {
  connection: ConnectionState;
  assembler: ManifestAssembler;
  timer: ReturnType<typeof setTimeout>;
}

export interface ReceiverEvents extends CommonEvents {
  /** The sender's list of files (first connection, and again after each reconnect). */
  manifest: { transferId: string; files: readonly ManifestFile[]; storage: StorageKind };
}

type RecvStatus = 'pending' | 'receiving' | 'verifying' | 'ok' | 'cancelled' | 'failed';

interface RecvState {
  status: RecvStatus;
  /** Offset the next DATA frame must have (bytes handed to storage). */
  expected: number;
  /** Bytes confirmed written by storage. */
  stored: number;
  /** Bytes handed to storage and not yet written (or dropped) there: counted against MAX_UNWRITTEN_BYTES. */
  unwritten: number;
  lastAck: number;
  attempts: number;
  sha256?: string;
  meter: Meter;
}

export class Receiver extends Endpoint<ReceiverEvents> {
  readonly storage: ReceiveStorage;
  #transferId: string | null = null;
  #files: readonly ManifestFile[] = [];
  #state: RecvState[] = [];
  #overall = new Meter(0);
  /** Sum of `stored` over all files, kept as it changes (a sum over thousands of files per frame was not). */
  #storedTotal = 0;
  /** Sum of `unwritten` over all files: what the store still holds of this transfer's bytes in memory. */
  #unwritten = 0;
  #dirty = new Set<number>();
  /** A removal of the stored files in progress: the store is closed after it. */
  #removal: Promise<void> | null = null;
  /**
   * Out of storage mid-file: `echo` until the sender confirms it stopped (frames before its answer are dropped),
   * then `room` until there is room again.
   */
  #pause: 'none' | 'echo' | 'room' = 'none';
  #pauseError: StorageFullError | null = null;
  readonly #retryMs: number;
  readonly #manifestTimeoutMs: number;
  #assembly: Assembly | null = null;
  #ready = false;
  /** Digest checks in progress (see `#onManifest`). */
  readonly #checks = new Set<Promise<void>>();
  readonly #maxAttempts: number;
  readonly #ackEvery: number;
  readonly #expectId: string | undefined;

  constructor(storage: ReceiveStorage, opts: ReceiverOptions = {}) {
    super('receiver', opts);
    this.storage = storage;
    this.#maxAttempts = opts.maxAttempts ?? 3;
    this.#ackEvery = opts.ackEveryBytes ?? ACK_EVERY_BYTES;
    this.#expectId = opts.expectTransferId;
    this.#retryMs = opts.storageRetryMs ?? 3000;
    this.#manifestTimeoutMs = opts.manifestTimeoutMs ?? 60_000;
    storage.onwritten = (index, bytes) => this.#onWritten(index, bytes);
    storage.onerror = (error) =>
      error.code === 'storage-full' && this.#ready ? this.#pauseForRoom() : this.fail(error);
  }

  get storageKind(): StorageKind {
    return this.storage.kind;
  }
  get transferId(): string | null {
    return this.#transferId;
  }
  get files(): readonly ManifestFile[] {
    return this.#files;
  }
  get statuses(): RecvStatus[] {
    return this.#state.map((s) => s.status);
  }

  /** A verified file, ready to save or zip (named by the last segment of its relative path). */
  async getReceivedFile(index: number): Promise<File> {
    const st = this.#state[index];
    if (st?.status !== 'ok') throw new Error(`file #${index} has not been received`);
    return this.storage.getFile(index);
  }

  /** Cancel one file (`index`) or the whole transfer (stored parts are deleted). */
  cancel(index?: number): void {
    if (this.finished) return;
    if (index === undefined) {
      this.#removeStored();
      this.fail(new CancelledError());
      return;
    }
    const st = this.#state[index];
    if (!st || st.status === 'ok' || st.status === 'cancelled' || st.status === 'failed') return;
    st.status = 'cancelled';
    this.sendControl(this.connection, { t: 'cancel', index });
    this.#discard(index, st);
    this.emit('file-cancelled', { index, byPeer: false });
    this.#checkDone(this.connection);
  }

  protected override onHandshake(): void {
    this.#ready = false;
  }

  protected override onDisconnected(): void {
    this.#ready = false;
    this.#dropAssembly();
  }

  protected override onControl(connection: ConnectionState, msg: ControlMessage): void {
    switch (msg.t) {
      case 'manifest':
        if ((connection.version ?? 0) >= PARTS_VERSION)
          throw new ProtocolError(`'manifest' in version ${connection.version}, which sends the file list in parts`);
        this.#acceptManifest(connection, msg);
        return;
      case 'manifest-head':
        this.#onManifestHead(connection, msg);
        return;
      case 'manifest-part':
        this.#onManifestPart(connection, msg);
        return;
      case 'pause':
        // The sender stopped: everything it sent before has arrived (and was dropped).
        if (this.#pause === 'echo') {
          this.#pause = 'room';
          void this.#waitForRoom(connection);
        }
        return;
      case 'digest': {
        if (this.#pause !== 'none') return; // sent again after the pause
        const check = this.#onDigest(connection, msg.index, msg.size, msg.sha256).catch((e) =>
          this.#storageFailure(e, msg.index),
        );
        this.#checks.add(check);
        void check.finally(() => this.#checks.delete(check));
        return;
      }
      case 'cancel': {
        if (msg.index === undefined) {
          this.#removeStored();
          this.fail(new CancelledError({ byPeer: true, ...(msg.reason ? { reason: msg.reason } : {}) }), false);
          return;
        }
        const st = this.#state[msg.index];
        if (!st || st.status === 'ok' || st.status === 'cancelled') return;
        st.status = 'cancelled';
        this.#discard(msg.index, st);
        this.emit('file-cancelled', { index: msg.index, byPeer: true });
        this.#checkDone(connection);
        return;
      }
      case 'error':
        this.fail(errorFromWire(msg.code, msg.message), false);
        return;
      default:
        throw new ProtocolError(`unexpected '${msg.t}' from the sender`);
    }
  }

  /** Drops a cancelled file's bytes. Once the store has (after every append before it), none of them are held. */
  #discard(index: number, st: RecvState): void {
    void this.storage
      .discard(index)
      .catch(() => {})
      .then(() => this.#letGo(st));
  }

  /** The store holds `bytes` fewer of `st`'s bytes (written, or dropped with the file): all of them by default. */
  #letGo(st: RecvState, bytes = st.unwritten): void {
    const n = Math.min(Math.max(0, bytes), st.unwritten);
    st.unwritten -= n;
    this.#unwritten -= n;
  }

  #removeStored(): void {
    this.#removal = this.storage.remove().catch(() => {});
  }

  /** Ended: the store lets its worker and claim go (after a removal, if one is running); files stay readable. */
  protected override onFinished(): void {
    this.#dropAssembly();
    void (this.#removal ?? Promise.resolve()).then(() => this.storage.close()).catch(() => {});
  }

  protected override awaitingPeer(): boolean {
    return (
      this.#ready &&
      this.#pause !== 'room' &&
      this.#checks.size === 0 &&
      this.#state.some((s) => s.status === 'pending' || s.status === 'receiving')
    );
  }

  #storageFailure(e: unknown, index?: number): void {
    const opts = index === undefined ? { cause: e } : { index, cause: e };
    if (e instanceof TransferError) this.fail(e);
    else if (isQuotaError(e)) this.fail(new StorageFullError(undefined, opts));
    else this.fail(new StorageError(`Storing failed: ${(e as Error)?.message ?? e}`, opts));
  }

  /** What a file list's head must say whether it comes whole or in parts: this version, this transfer. */
  #checkListHead(connection: ConnectionState, msg: Pick<FileList, 'version' | 'transferId'>): void {
    if (msg.version !== connection.version) throw new ProtocolError('manifest version differs from the negotiated one');
    if (this.#expectId && msg.transferId !== this.#expectId)
      throw new ProtocolError('the sender offers a different transfer');
    if (this.#transferId !== null && msg.transferId !== this.#transferId)
      throw new ProtocolError('the sender switched to a different transfer');
  }

  #onManifestHead(connection: ConnectionState, head: ManifestHeadMessage): void {
    if ((connection.version ?? 0) < PARTS_VERSION)
      throw new ProtocolError(`'manifest-head' in version ${connection.version}, which sends the file list whole`);
    if (this.#assembly) throw new ProtocolError('a second file list began before the first one was complete');
    this.#checkListHead(connection, head);
    const assembler = new ManifestAssembler(head);
    if (assembler.files) {
      this.#acceptManifest(connection, { version: head.version, transferId: head.transferId, files: assembler.files });
      return;
    }
    // Parts that never come must not hold the page: the whole list has this long.
    const timer = setTimeout(() => {
      if (this.#assembly?.assembler !== assembler || !this.isAlive(connection)) return;
      const { fileCount, parts } = head;
      this.fail(
        new ProtocolError(
          `The other device announced ${fileCount} files in ${parts} parts but sent only ${assembler.received} of them within ${Math.round(this.#manifestTimeoutMs / 1000)} s.`,
          { fault: 'list-unfinished' },
        ),
      );
    }, this.#manifestTimeoutMs);
    this.#assembly = { connection, assembler, timer };
  }

  #onManifestPart(connection: ConnectionState, part: ManifestPartMessage): void {
    const assembly = this.#assembly;
    if (assembly?.connection !== connection) throw new ProtocolError(`'manifest-part' without a 'manifest-head'`);
    const files = assembly.assembler.add(part);
    if (!files) return;
    this.#dropAssembly();
    const { version, transferId } = assembly.assembler.head;
    this.#acceptManifest(connection, { version, transferId, files });
  }

  #dropAssembly(): void {
    if (this.#assembly) clearTimeout(this.#assembly.timer);
    this.#assembly = null;
  }

  #acceptManifest(connection: ConnectionState, list: FileList): void {
    // No data until this list is answered: the store opened for it then holds nothing unwritten (see `#sendHave`).
    this.#ready = false;
    void this.#onManifest(connection, list).catch((e) => this.#storageFailure(e));
  }

  async #onManifest(connection: ConnectionState, msg: FileList): Promise<void> {
    this.#checkListHead(connection, msg);
    if (this.#transferId !== null) {
      const same =
        msg.files.length === this.#files.length &&
        msg.files.every((f, i) => f.name === this.#files[i]?.name && f.size === this.#files[i]?.size);
      if (!same) throw new ProtocolError('the file list changed on reconnect');
    }
    // A digest check begun on the connection that dropped may still be running: let it settle that file (stored and
    // done, or discarded) before telling the sender what we have; otherwise its answer is lost and the
    // file is checked a second time against a finished hash.
    while (this.#checks.size > 0) await Promise.all(this.#checks);
    if (!this.isAlive(connection)) return;
    this.noteMovedOn();
    // Honest senders send a digest (and may get a cancel or resend) per file, some of them at once.
    connection.creditControl(msg.files.length * CONTROL_MESSAGES_PER_FILE);
    const first = this.#transferId === null;
    this.#transferId = msg.transferId;
    this.#files = msg.files;
    this.emit('manifest', { transferId: msg.transferId, files: msg.files, storage: this.storage.kind });
    const stored = await this.storage.open(msg.transferId, msg.files);
    if (!this.isAlive(connection)) return;
    // One rule for every store: what is still to come must fit in the room there is.
    const offered = msg.files.reduce((s, f) => {
      const st = this.#state[f.index];
      const skip = stored[f.index]?.done || st?.status === 'cancelled' || st?.status === 'failed';
      return s + (skip ? 0 : f.size - Math.min(stored[f.index]?.bytes ?? 0, f.size));
    }, 0);
    const room = await this.storage.room();
    if (!this.isAlive(connection)) return;
    if (this.#pause !== 'none') {
      // Reconnected while paused: the new connection carries no old frames; wait for room, then answer.
      this.#pause = 'room';
      this.sendControl(connection, { t: 'pause', reason: this.#pauseError?.message ?? '' });
      void this.#waitForRoom(connection);
      return;
    }
    if (room !== null && offered > room) throw new StorageFullError(noRoomMessage(this.storage.kind, offered, room));
    if (first)
      this.#state = msg.files.map((f) => ({
        status: 'pending',
        expected: 0,
        stored: 0,
        unwritten: 0,
        lastAck: 0,
        attempts: 0,
        meter: new Meter(f.size),
      }));
    this.#sendHave(connection, stored);
  }

  /** Tell the sender where each file stands (after a manifest, or when going on after a pause). */
  #sendHave(connection: ConnectionState, stored: readonly { bytes: number; done: boolean; sha256?: string }[]): void {
    const transferId = this.#transferId as string;
    const have: HaveEntry[] = [];
    let total = 0;
    for (const f of this.#files) {
      const st = this.#state[f.index] as RecvState;
      // `stored` came from the store after every append so far (none come while a list or a pause is unanswered):
      // nothing is left unwritten, also of appends it dropped without a word (a file whose write failed).
      this.#letGo(st);
      const s = stored[f.index] ?? { bytes: 0, done: false };
      if (st.status === 'cancelled' || st.status === 'failed') {
        have.push({ index: f.index, bytes: 0, done: false, cancelled: true });
        continue;
      }
      if (s.done) {
        const was = st.status;
        st.status = 'ok';
        st.expected = st.stored = st.lastAck = f.size;
        if (s.sha256) st.sha256 = s.sha256;
        if (was !== 'ok') this.emit('file-done', { index: f.index, name: f.name, sha256: s.sha256 ?? '' });
      } else {
        st.status = 'pending';
        st.expected = st.stored = st.lastAck = Math.min(s.bytes, f.size);
      }
      st.meter.rebase(st.stored);
      total += st.stored;
      have.push({ index: f.index, bytes: st.expected, done: s.done });
    }
    this.#overall.total = this.#files.reduce((a, f) => a + f.size, 0);
    this.#overall.rebase(total);
    this.#storedTotal = total;
    this.#ready = true;
    this.sendList(connection, have, (files, more) => ({ t: 'have', transferId, files, ...(more ? { more } : {}) }));
    this.emitProgress(true);
    this.#checkDone(connection);
  }

  /** Storage ran out mid-file: ask the sender to stop, keep what is stored, and go on once there is room. */
  #pauseForRoom(): void {
    if (this.#pause !== 'none' || this.finished) return;
    this.#pause = 'echo';
    this.#pauseError = new StorageFullError(
      'The receiving device ran out of storage space. Files already verified are kept; free some space there (for example save, then remove, files already received) and the transfer goes on by itself.',
    );
    this.sendControl(this.connection, { t: 'pause', reason: this.#pauseError.message });
    this.emit('paused', { error: this.#pauseError });
  }

  async #waitForRoom(connection: ConnectionState): Promise<void> {
    while (this.isAlive(connection)) {
      await new Promise((resolve) => setTimeout(resolve, this.#retryMs));
      if (!this.isAlive(connection) || this.#pause !== 'room') return;
      while (this.#checks.size > 0) await Promise.all(this.#checks);
      const stored = await this.storage.open(this.#transferId as string, this.#files);
      const needed = this.#files.reduce((sum, f, i) => {
        const st = this.#state[i];
        const settled = stored[i]?.done || st?.status === 'ok' || st?.status === 'cancelled' || st?.status === 'failed';
        return sum + (settled ? 0 : f.size - Math.min(stored[i]?.bytes ?? 0, f.size));
      }, 0);
      const room = await this.storage.room();
      if (!this.isAlive(connection) || this.#pause !== 'room') return;
      if (room !== null && room < needed) continue;
      this.#pause = 'none';
      this.#pauseError = null;
      this.noteMovedOn();
      this.emit('resumed', {});
      this.#sendHave(connection, stored);
      return;
    }
  }

  protected override onData(_connection: ConnectionState, data: ArrayBuffer): void {
    if (!this.#ready) throw new ProtocolError('file data before the manifest was answered');
    if (this.#pause !== 'none') return; // sent before the sender stopped; sent again after the pause
    const h = decodeFrameHeader(data);
    const st = this.#state[h.fileIndex];
    const f = this.#files[h.fileIndex];
    if (!st || !f) throw new ProtocolError(`data for unknown file ${h.fileIndex}`);
    if (st.status === 'cancelled' || st.status === 'ok' || st.status === 'failed') return; // in flight before a cancel
    const n = data.byteLength - FRAME_HEADER_BYTES;
    if (h.offset !== st.expected)
      throw new ProtocolError(`file ${h.fileIndex}: data at ${h.offset}, expected ${st.expected}`);
    if (h.offset + n > f.size) throw new ProtocolError(`file ${h.fileIndex}: data past its size`);
    // A sender that keeps to its window never gets here; one that ignores the acks would fill this page's memory
    // as fast as the network is faster than the disk.
    if (this.#unwritten + n > MAX_UNWRITTEN_BYTES) throw new OverrunError(MAX_UNWRITTEN_BYTES);
    if (st.status === 'pending') {
      st.status = 'receiving';
      this.emit('file-start', { index: h.fileIndex, name: f.name, offset: h.offset });
    }
    st.expected += n;
    st.unwritten += n;
    this.#unwritten += n;
    this.noteMovedOn();
    this.storage.append(h.fileIndex, data, FRAME_HEADER_BYTES, n);
  }

  #onWritten(index: number, bytes: number): void {
    const st = this.#state[index];
    const f = this.#files[index];
    // A cancelled file's bytes count as held until the store has dropped them (`#discard`).
    if (!st || !f || st.status === 'cancelled') return;
    this.#letGo(st, bytes - st.stored);
    this.#storedTotal += bytes - st.stored;
    st.stored = bytes;
    if (bytes - st.lastAck >= this.#ackEvery || bytes === f.size || bytes < st.lastAck) {
      st.lastAck = bytes;
      this.sendControl(this.connection, { t: 'ack', index, bytes });
    }
    st.meter.set(bytes);
    this.#overall.set(this.#storedTotal);
    this.#dirty.add(index);
  }

  async #onDigest(connection: ConnectionState, index: number, size: number, expected: string): Promise<void> {
    const st = this.#state[index];
    const f = this.#files[index];
    if (!st || !f) throw new ProtocolError(`digest for unknown file ${index}`);
    // 'verifying' is busy too: a repeated digest would start a second check of a hash already finished, call
    // it a mismatch and delete the file the first check is about to report verified.
    if (st.status === 'cancelled' || st.status === 'ok' || st.status === 'failed' || st.status === 'verifying') return;
    if (size !== f.size || st.expected !== f.size)
      throw new ProtocolError(`file ${index}: digest after ${st.expected} of ${f.size} bytes`);
    this.noteMovedOn();
    if (st.status === 'pending') this.emit('file-start', { index, name: f.name, offset: st.expected });
    st.status = 'verifying';
    const actual = await this.storage.finish(index);
    this.#letGo(st); // finished after every append of the file
    if (this.finished || st.status !== 'verifying') return;
    if (actual === expected) {
      await this.storage.markDone(index, actual);
      if (this.finished || st.status !== 'verifying') return;
      st.status = 'ok';
      st.sha256 = actual;
      this.#onWritten(index, f.size);
      this.sendControl(this.connection, { t: 'file-ok', index, sha256: actual });
      this.emit('file-done', { index, name: f.name, sha256: actual });
    } else if (this.#pause !== 'none') {
      // The store ran out of room while the last bytes were on their way: it checked what it could write, which is
      // no damage. The file starts again from nothing; the `have` after the pause says so.
      await this.storage.reset(index);
      if (!this.finished) this.#restart(index, st, 'pending');
      return;
    } else {
      st.attempts++;
      const retry = st.attempts < this.#maxAttempts;
      await this.storage.reset(index);
      if (this.finished) return;
      this.#restart(index, st, retry ? 'pending' : 'failed');
      this.emit('file-error', { index, error: new DigestMismatchError(index, expected, actual, st.attempts, retry) });
      this.sendControl(this.connection, { t: 'file-bad', index, expected, actual, attempt: st.attempts, retry });
    }
    this.#checkDone(this.connection ?? connection);
  }

  /** The store dropped a file's bytes: it is sent again from its start (`pending`), or not at all (`failed`). */
  #restart(index: number, st: RecvState, status: 'pending' | 'failed'): void {
    st.status = status;
    this.#storedTotal -= st.stored;
    st.expected = st.stored = st.lastAck = 0;
    st.meter.rebase(0);
    this.#dirty.add(index);
  }

  #checkDone(connection: ConnectionState | null): void {
    if (this.finished || !this.#ready || this.#state.length !== this.#files.length) return;
    if (!this.#state.every((s) => s.status === 'ok' || s.status === 'cancelled' || s.status === 'failed')) return;
    const files: DoneMessage['files'] = this.#state.map((s, index) => ({
      index,
      status: s.status as 'ok' | 'cancelled' | 'failed',
      ...(s.status === 'ok' && s.sha256 ? { sha256: s.sha256 } : {}),
    }));
    this.sendList(connection, files, (part, more) => ({ t: 'done', files: part, ...(more ? { more } : {}) }));
    this.succeed();
  }

  protected override emitProgress(force: boolean): void {
    if (!force && this.#dirty.size === 0) return;
    const files: FileProgress[] = [];
    for (const index of this.#dirty) {
      const st = this.#state[index] as RecvState;
      const f = this.#files[index] as ManifestFile;
      files.push({ index, name: f.name, ...st.meter.figures(st.status === 'ok') });
    }
    this.#dirty.clear();
    this.emit('progress', { overall: this.#overall.figures(this.finished), files });
  }

  protected override result(): TransferResult {
    return {
      transferId: this.#transferId ?? '',
      files: this.#files.map((f) => {
        const st = this.#state[f.index] as RecvState;
        const status = st.status === 'ok' ? 'ok' : st.status === 'cancelled' ? 'cancelled' : 'failed';
        return { ...f, status, ...(st.sha256 && status === 'ok' ? { sha256: st.sha256 } : {}) };
      }),
    };
  }
}

/** Receive into `storage` over `channel` (or call `attach()` later). */
export function createReceiver(
  channel: FrameChannel | null,
  storage: ReceiveStorage,
  opts: ReceiverOptions = {},
): Receiver {
  const r = new Receiver(storage, opts);
  if (channel) r.attach(channel);
  return r;
}
