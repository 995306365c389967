/**
 * Receiver storage in the origin private file system, written by the page's storage worker through
 * synchronous access handles. Memory stays flat whatever the file size; a reload of the page can
 * resume from what is stored (the worker re-hashes the stored prefix). Every store of a page shares one
 * worker (`PageWorker`): one per guest made the owner's memory grow by a JavaScript engine per guest.
 *
 * Needs a secure context (https or localhost). `opfsWorkerUrl` is the URL of the separately bundled
 * `opfs-worker.ts`.
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import { StorageError, StorageFullError, type TransferError } from './errors.ts';
import { dataFileName, OPFS_ROOT, type OpfsEvent, type OpfsRequest } from './opfs-messages.ts';
import { Slots } from './slots.ts';
import { type ReceiveStorage, receivedFile, type StoredFileState } from './storage.ts';
import { opfsClaims, originFreeBytes } from './storage-room.ts';
import { PageWorker, WorkerCallError } from './worker-client.ts';

/** Stores one page keeps open at once (one per transfer receiving now); more transfers wait for one to end. */
export const MAX_OPFS_STORES = 12;
const storeSlots = new Slots(MAX_OPFS_STORES);
/** A storage worker that has not answered a probe or a close in this long is taken for dead. */
const WORKER_ANSWER_MS = 5000;

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

function storageError(e: unknown): TransferError {
  if (e instanceof WorkerCallError && e.code === 'storage-full') return new StorageFullError();
  return new StorageError(
    e instanceof WorkerCallError && e.code === 'worker'
      ? `Storage worker failed: ${e.message}`
      : String((e as Error)?.message ?? e),
  );
}

export class OpfsStorage implements ReceiveStorage {
  readonly kind = 'opfs' as const;
  onwritten: ((index: number, bytesStored: number) => void) | null = null;
  onerror: ((error: TransferError) => void) | null = null;
  readonly #worker: PageWorker;
  /** This store's name in the worker. */
  readonly #key: number;
  readonly #stopListening: () => void;
  /** Gives this store's slot back (once). */
  #release: () => void = () => {};
  /** Let go of the worker: calls fail at once instead of waiting for an answer that never comes. */
  #closed = false;
  #closing: Promise<void> | null = null;
  #transferId: string | null = null;
  #files: readonly ManifestFile[] = [];

  constructor(workerUrl: string | URL) {
    this.#worker = PageWorker.acquire(workerUrl, 'phuppi-opfs');
    this.#key = this.#worker.newKey();
    this.#worker.listen(this.#key, (e) => this.#onEvent(e as OpfsEvent));
    this.#stopListening = this.#worker.onFailure((e) =>
      this.onerror?.(new StorageError(`Storage worker failed: ${e.message}`)),
    );
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

  /** Start the worker (unless the page runs it already) and check that it can really write; throws when it cannot. */
  static async create(workerUrl: string | URL, timeoutMs = WORKER_ANSWER_MS): Promise<OpfsStorage> {
    const release = await storeSlots.take();
    const s = new OpfsStorage(workerUrl);
    s.#release = release;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        s.#call({ op: 'probe' }),
        new Promise((_, rej) => {
          timer = setTimeout(() => rej(new StorageError('storage worker did not answer')), timeoutMs);
        }),
      ]);
      return s;
    } catch (e) {
      s.#letGo();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  #onEvent(m: OpfsEvent): void {
    if (m.ev === 'written') this.onwritten?.(m.index, m.bytes);
    else
      this.onerror?.(
        m.code === 'storage-full'
          ? new StorageFullError(undefined, { index: m.index })
          : new StorageError(m.message, { index: m.index }),
      );
  }

  async #call<T>(req: DistributiveOmit<Exclude<OpfsRequest, { op: 'append' }>, 'id' | 'store'>): Promise<T> {
    if (this.#closed) throw new StorageError('storage is closed');
    try {
      return await this.#worker.call<T, OpfsRequest>({ ...req, store: this.#key } as never);
    } catch (e) {
      throw storageError(e);
    }
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
    this.#worker.post({ store: this.#key, op: 'append', index, buf, off, len } satisfies OpfsRequest, [buf]);
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
        this.#letGo();
      }
    })();
    return this.#closing;
  }

  #letGo(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.listen(this.#key, null);
    this.#stopListening();
    this.#worker.release();
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
