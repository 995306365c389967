/**
 * Receiver storage in the origin private file system, written by a dedicated worker through
 * synchronous access handles. Memory stays flat whatever the file size; a reload of the page can
 * resume from what is stored (the worker re-hashes the stored prefix).
 *
 * Needs a secure context (https or localhost). `opfsWorkerUrl` is the URL of the separately bundled
 * `opfs-worker.ts`.
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import { StorageError, StorageFullError, type TransferError } from './errors.ts';
import { dataFileName, OPFS_ROOT, type OpfsReply, type OpfsRequest } from './opfs-messages.ts';
import { Slots } from './slots.ts';
import { type ReceiveStorage, receivedFile, type StoredFileState } from './storage.ts';
import { opfsClaims, originFreeBytes } from './storage-room.ts';

/** Storage workers one page runs at once (one per transfer receiving now); more transfers wait for one to end. */
export const MAX_OPFS_WORKERS = 12;
const workerSlots = new Slots(MAX_OPFS_WORKERS);
/** A storage worker that has not answered a probe or a close in this long is taken for dead. */
const WORKER_ANSWER_MS = 5000;

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export class OpfsStorage implements ReceiveStorage {
  readonly kind = 'opfs' as const;
  onwritten: ((index: number, bytesStored: number) => void) | null = null;
  onerror: ((error: TransferError) => void) | null = null;
  readonly #worker: Worker;
  /** Gives this store's worker slot back (once). */
  #release: () => void = () => {};
  /** The worker is gone (closed): calls fail at once instead of waiting for an answer that never comes. */
  #closed = false;
  #closing: Promise<void> | null = null;
  #seq = 0;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: TransferError) => void }>();
  #transferId: string | null = null;
  #files: readonly ManifestFile[] = [];

  constructor(workerUrl: string | URL) {
    this.#worker = new Worker(workerUrl, { type: 'module', name: 'phuppi-opfs' });
    this.#worker.onmessage = (e: MessageEvent<OpfsReply>) => this.#onReply(e.data);
    this.#worker.onerror = (e) => {
      const err = new StorageError(`Storage worker failed: ${e.message || 'could not start'}`);
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.onerror?.(err);
    };
  }

  /** OPFS with sync access handles can work here (it still has to be probed). */
  static isAvailable(): boolean {
    return (
      typeof navigator !== 'undefined' &&
      typeof navigator.storage?.getDirectory === 'function' &&
      typeof Worker !== 'undefined' &&
      (globalThis as { isSecureContext?: boolean }).isSecureContext === true
    );
  }

  /** Start the worker and check that it can really write; throws when it cannot. */
  static async create(workerUrl: string | URL, timeoutMs = WORKER_ANSWER_MS): Promise<OpfsStorage> {
    const release = await workerSlots.take();
    const s = new OpfsStorage(workerUrl);
    s.#release = release;
    try {
      await Promise.race([
        s.#call({ op: 'probe' }),
        new Promise((_, rej) => setTimeout(() => rej(new StorageError('storage worker did not answer')), timeoutMs)),
      ]);
      return s;
    } catch (e) {
      s.#terminate();
      throw e;
    }
  }

  #onReply(m: OpfsReply): void {
    if ('ev' in m) {
      if (m.ev === 'written') this.onwritten?.(m.index, m.bytes);
      else
        this.onerror?.(
          m.code === 'storage-full'
            ? new StorageFullError(undefined, { index: m.index })
            : new StorageError(m.message, { index: m.index }),
        );
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(m.code === 'storage-full' ? new StorageFullError() : new StorageError(m.message));
  }

  #call<T>(req: DistributiveOmit<Exclude<OpfsRequest, { op: 'append' }>, 'id'>): Promise<T> {
    if (this.#closed) return Promise.reject(new StorageError('storage is closed'));
    const id = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...req, id } as OpfsRequest);
    });
  }

  async open(transferId: string, files: readonly ManifestFile[]): Promise<StoredFileState[]> {
    this.#transferId = transferId;
    this.#files = files;
    const states = await this.#call<StoredFileState[]>({ op: 'open', transferId, files: [...files] });
    // What is still to come, claimed so that other transfers opened meanwhile do not count the same space.
    opfsClaims.set(
      this,
      files.reduce((s, f, i) => s + (states[i]?.done ? 0 : f.size - (states[i]?.bytes ?? 0)), 0),
    );
    return states;
  }

  async room(): Promise<number | null> {
    const free = await originFreeBytes();
    return free === null ? null : Math.max(0, free - opfsClaims.othersThan(this));
  }

  append(index: number, buf: ArrayBuffer, off: number, len: number): void {
    // Transferred, not copied.
    this.#worker.postMessage({ op: 'append', index, buf, off, len } satisfies OpfsRequest, [buf]);
  }

  finish(index: number): Promise<string> {
    return this.#call<string>({ op: 'finish', index });
  }
  async markDone(index: number, sha256: string): Promise<void> {
    await this.#call({ op: 'markDone', index, sha256 });
  }
  async reset(index: number): Promise<void> {
    await this.#call({ op: 'reset', index });
  }
  async discard(index: number): Promise<void> {
    await this.#call({ op: 'discard', index });
  }
  async flush(): Promise<void> {
    await this.#call({ op: 'flush' });
  }
  close(): Promise<void> {
    opfsClaims.delete(this);
    this.#closing ??= (async () => {
      try {
        // A worker that died answers nothing: its slot must come back all the same.
        await Promise.race([
          this.#call({ op: 'close' }).catch(() => {}),
          new Promise((resolve) => setTimeout(resolve, WORKER_ANSWER_MS)),
        ]);
      } finally {
        this.#terminate();
      }
    })();
    return this.#closing;
  }

  #terminate(): void {
    this.#closed = true;
    this.#worker.terminate();
    this.#release();
  }
  async remove(): Promise<void> {
    opfsClaims.delete(this);
    await this.#closing;
    if (!this.#closed) {
      await this.#call({ op: 'remove' });
      return;
    }
    // Closed (a finished receiver closes its store): no handle is open any more, the page can delete it.
    if (this.#transferId)
      await (await (await navigator.storage.getDirectory()).getDirectoryHandle(OPFS_ROOT))
        .removeEntry(this.#transferId, { recursive: true })
        .catch(() => {});
  }

  async getFile(index: number): Promise<File> {
    const f = this.#files[index];
    if (!f || !this.#transferId) throw new Error(`file #${index} unknown`);
    const root = await navigator.storage.getDirectory();
    const dir = await (await root.getDirectoryHandle(OPFS_ROOT)).getDirectoryHandle(this.#transferId);
    const stored = await (await dir.getFileHandle(dataFileName(index))).getFile();
    // Wrapping a disk-backed File in a new File copies nothing.
    return receivedFile(stored, f);
  }
}

/** Delete every stored transfer except `keep` (e.g. housekeeping on the receiver's page). */
export async function clearOpfsTransfers(keep: readonly string[] = []): Promise<void> {
  const root = await navigator.storage.getDirectory();
  let base: FileSystemDirectoryHandle;
  try {
    base = await root.getDirectoryHandle(OPFS_ROOT);
  } catch {
    return;
  }
  for await (const name of (base as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (!keep.includes(name)) await base.removeEntry(name, { recursive: true }).catch(() => {});
  }
}
