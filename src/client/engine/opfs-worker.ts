/**
 * Dedicated worker, one per page (`PageWorker`) for every transfer the page receives: writes received bytes to the
 * origin private file system through synchronous access handles (the fastest path in Chromium, flat memory),
 * hashing as it writes. Each `OpfsStorage` is one store here, named by its key in every request; a store's
 * requests run strictly in order, stores run side by side. Bundle this file on its own (esbuild, format esm) and
 * pass its URL to `OpfsStorage`.
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import { READ_BLOCK_BYTES } from './block-reader.ts';
import { HashContexts } from './hashing.ts';
import {
  DONE_LOG_FILE,
  dataFileName,
  META_FILE,
  OPFS_ROOT,
  type OpfsEvent,
  type OpfsRequest,
} from './opfs-messages.ts';
import type { StoredFileState } from './storage.ts';
import type { WorkerAnswer } from './worker-client.ts';

interface SyncHandle {
  read(buffer: ArrayBufferView, options?: { at?: number }): number;
  write(buffer: ArrayBufferView, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncHandle> };

interface Meta {
  transferId: string;
  files: { name: string; size: number }[];
  done: Record<string, string>;
}

const scope = self as unknown as {
  postMessage(m: WorkerAnswer | OpfsEvent): void;
  onmessage: ((e: MessageEvent<OpfsRequest>) => void) | null;
};
const post = (m: WorkerAnswer | OpfsEvent) => scope.postMessage(m);

let base: FileSystemDirectoryHandle | null = null;

async function baseDir(): Promise<FileSystemDirectoryHandle> {
  if (!base) base = await (await navigator.storage.getDirectory()).getDirectoryHandle(OPFS_ROOT, { create: true });
  return base;
}

const LOCK_WAIT_MS = 15_000;

/**
 * A sync access handle is an exclusive lock. Right after a reload, the worker of the page that is going away
 * may still hold it for a moment (longer on a busy machine): wait for it instead of failing the transfer.
 */
async function lockHandle(fh: FileSystemFileHandle): Promise<SyncHandle> {
  const start = Date.now();
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    try {
      const h = await (fh as SyncFileHandle).createSyncAccessHandle();
      if (delay > 20) console.warn(`storage: got the lock of ${fh.name} after ${Date.now() - start} ms`);
      return h;
    } catch (e) {
      if ((e as Error).name !== 'NoModificationAllowedError' || Date.now() - start + delay > LOCK_WAIT_MS) throw e;
      if (delay === 20) console.warn(`storage: ${fh.name} is locked (${(e as Error).message}); waiting`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function describe(e: unknown): { code: 'storage-full' | 'storage'; message: string } {
  const name = (e as Error | null)?.name ?? '';
  const message = String((e as Error | null)?.message ?? e);
  return {
    code: name === 'QuotaExceededError' || /quota|space/i.test(message) ? 'storage-full' : 'storage',
    message: `${name}: ${message}`,
  };
}

/** One `OpfsStorage` of the page: one transfer's folder, its open files and their hashes. */
class Store {
  readonly #key: number;
  #dir: FileSystemDirectoryHandle | null = null;
  #meta: Meta | null = null;
  #hash: HashContexts | null = null;
  readonly #handles = new Map<number, SyncHandle>();
  readonly #pos = new Map<number, number>();
  /** Set after a failed write: later appends of that file are dropped (the transfer is failing). */
  readonly #broken = new Set<number>();
  /**
   * Each verified file appends one line (`<index> <sha256>`, or `<index> -` when its mark is dropped) to the done
   * log: rewriting the whole meta.json per file made a 6,500-file transfer verify 1.5 files a second.
   */
  #doneLog: SyncHandle | null = null;

  constructor(key: number) {
    this.#key = key;
  }

  async #openHandle(index: number, create: boolean): Promise<SyncHandle | null> {
    const existing = this.#handles.get(index);
    if (existing) return existing;
    if (!this.#dir) throw new Error('storage not open');
    let fh: FileSystemFileHandle;
    try {
      fh = await this.#dir.getFileHandle(dataFileName(index), { create });
    } catch (e) {
      if (!create && (e as Error).name === 'NotFoundError') return null;
      throw e;
    }
    const h = await lockHandle(fh);
    this.#handles.set(index, h);
    return h;
  }

  #closeHandle(index: number): void {
    const h = this.#handles.get(index);
    if (!h) return;
    this.#handles.delete(index);
    try {
      h.flush();
    } finally {
      h.close();
    }
  }

  /** Writes the whole `meta.json` (at open only) and empties the done log it now includes. */
  async #writeMeta(): Promise<void> {
    if (!this.#dir || !this.#meta) return;
    const h = await lockHandle(await this.#dir.getFileHandle(META_FILE, { create: true }));
    try {
      const bytes = new TextEncoder().encode(JSON.stringify(this.#meta));
      h.truncate(0);
      h.write(bytes, { at: 0 });
      h.flush();
    } finally {
      h.close();
    }
    const log = await this.#openDoneLog();
    log.truncate(0);
    log.flush();
  }

  async #openDoneLog(): Promise<SyncHandle> {
    if (!this.#dir) throw new Error('storage not open');
    this.#doneLog ??= await lockHandle(await this.#dir.getFileHandle(DONE_LOG_FILE, { create: true }));
    return this.#doneLog;
  }

  async #logDone(index: number, sha256: string | null): Promise<void> {
    const log = await this.#openDoneLog();
    const line = new TextEncoder().encode(`${index} ${sha256 ?? '-'}\n`);
    const at = log.getSize();
    if (log.write(line, { at }) !== line.length) {
      log.truncate(at);
      const err = new Error('could not record a verified file');
      err.name = 'QuotaExceededError';
      throw err;
    }
    log.flush();
  }

  async #readMeta(): Promise<Meta | null> {
    if (!this.#dir) return null;
    let m: Meta;
    try {
      const f = await (await this.#dir.getFileHandle(META_FILE)).getFile();
      m = JSON.parse(await f.text()) as Meta;
      if (!(m && Array.isArray(m.files) && typeof m.done === 'object' && m.done !== null)) return null;
    } catch {
      return null;
    }
    try {
      const log = await (await this.#dir.getFileHandle(DONE_LOG_FILE)).getFile();
      for (const line of (await log.text()).split('\n')) {
        const [index, sha] = line.split(' ');
        if (!index || !sha) continue; // a line cut short by a crash
        if (sha === '-') delete m.done[index];
        else m.done[index] = sha;
      }
    } catch {
      /* no log yet */
    }
    return m;
  }

  closeAll(): void {
    for (const i of [...this.#handles.keys()]) this.#closeHandle(i);
    const log = this.#doneLog;
    this.#doneLog = null;
    log?.close();
  }

  async open(transferId: string, list: ManifestFile[]): Promise<StoredFileState[]> {
    this.#hash ??= await HashContexts.create();
    const hash = this.#hash;
    if (!(this.#dir && this.#meta && this.#meta.transferId === transferId)) {
      this.closeAll();
      this.#pos.clear();
      this.#broken.clear();
      const dir = await (await baseDir()).getDirectoryHandle(transferId, { create: true });
      this.#dir = dir;
      const old = await this.#readMeta();
      const same =
        old !== null &&
        old.transferId === transferId &&
        old.files.length === list.length &&
        old.files.every((f, i) => f.name === list[i]?.name && f.size === list[i]?.size);
      if (!same) {
        // Different content under the same id: start clean.
        for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys())
          await dir.removeEntry(name, { recursive: true });
      }
      const meta: Meta =
        same && old ? old : { transferId, files: list.map((f) => ({ name: f.name, size: f.size })), done: {} };
      this.#meta = meta;
      for (const f of list) {
        hash.reset(f.index);
        if (meta.done[f.index] !== undefined) continue;
        const h = await this.#openHandle(f.index, false);
        if (!h) continue;
        let size = h.getSize();
        if (size > f.size) {
          h.truncate(0);
          size = 0;
        }
        // A reload: re-hash what is already stored so the digest covers the whole file.
        const buf = new Uint8Array(Math.min(READ_BLOCK_BYTES, Math.max(1, size)));
        for (let at = 0; at < size; ) {
          const n = h.read(buf.subarray(0, Math.min(buf.length, size - at)), { at });
          if (n <= 0) break;
          hash.update(f.index, buf.subarray(0, n));
          at += n;
        }
        this.#pos.set(f.index, size);
      }
      await this.#writeMeta();
    }
    // Opened again after running out of space (see Receiver): files whose writes failed continue from the last good write.
    this.#broken.clear();
    return list.map((f): StoredFileState => {
      const d = this.#meta?.done[f.index];
      return d !== undefined
        ? { bytes: f.size, done: true, sha256: d }
        : { bytes: this.#pos.get(f.index) ?? 0, done: false };
    });
  }

  async append(index: number, buf: ArrayBuffer, off: number, len: number): Promise<void> {
    if (this.#broken.has(index)) return;
    try {
      const h = (await this.#openHandle(index, true)) as SyncHandle;
      const at = this.#pos.get(index) ?? 0;
      const view = new Uint8Array(buf, off, len);
      const n = h.write(view, { at });
      if (n !== len) {
        const err = new Error(`short write (${n} of ${len} bytes)`);
        err.name = 'QuotaExceededError';
        throw err;
      }
      (this.#hash as HashContexts).update(index, view);
      this.#pos.set(index, at + len);
      post({ to: this.#key, ev: 'written', index, bytes: at + len });
    } catch (e) {
      this.#broken.add(index);
      post({ to: this.#key, ev: 'error', index, ...describe(e) });
    }
  }

  async finish(index: number): Promise<string> {
    // An empty file still needs to exist.
    if (!this.#handles.has(index) && (this.#pos.get(index) ?? 0) === 0) await this.#openHandle(index, true);
    this.#closeHandle(index);
    return (this.#hash as HashContexts).digest(index);
  }

  async markDone(index: number, sha256: string): Promise<void> {
    if (this.#meta) this.#meta.done[index] = sha256;
    await this.#logDone(index, sha256);
  }

  async reset(index: number): Promise<void> {
    this.#closeHandle(index);
    this.#pos.delete(index);
    this.#broken.delete(index);
    this.#hash?.reset(index);
    if (this.#meta && this.#meta.done[index] !== undefined) {
      delete this.#meta.done[index];
      await this.#logDone(index, null);
    }
    try {
      await this.#dir?.removeEntry(dataFileName(index));
    } catch {
      /* not there */
    }
  }

  flush(): void {
    for (const h of this.#handles.values()) h.flush();
  }

  async remove(): Promise<void> {
    this.closeAll();
    const id = this.#meta?.transferId;
    this.#dir = null;
    this.#meta = null;
    this.#pos.clear();
    if (id) await (await baseDir()).removeEntry(id, { recursive: true }).catch(() => {});
  }
}

/** Can we really create a sync access handle here? */
async function probe(): Promise<boolean> {
  // A name of its own: a sync access handle is an exclusive lock, and stores opened at the same moment (several
  // guests) must not collide on it.
  const d = await baseDir();
  const name = `.probe-${crypto.randomUUID()}`;
  const fh = (await d.getFileHandle(name, { create: true })) as SyncFileHandle;
  const h = await fh.createSyncAccessHandle();
  h.close();
  // The page's housekeeping may have removed it already.
  await d.removeEntry(name).catch(() => {});
  return true;
}

const stores = new Map<number, { store: Store; chain: Promise<void> }>();

async function handle(store: Store, m: OpfsRequest): Promise<void> {
  if (m.op === 'append') return store.append(m.index, m.buf, m.off, m.len);
  try {
    let value: StoredFileState[] | string | boolean | undefined;
    switch (m.op) {
      case 'probe':
        value = await probe();
        break;
      case 'open':
        value = await store.open(m.transferId, m.files);
        break;
      case 'finish':
        value = await store.finish(m.index);
        break;
      case 'markDone':
        await store.markDone(m.index, m.sha256);
        break;
      case 'reset':
      case 'discard':
        await store.reset(m.index);
        break;
      case 'flush':
        store.flush();
        break;
      case 'close':
        store.closeAll();
        stores.delete(m.store);
        break;
      case 'remove':
        await store.remove();
        break;
    }
    post(value === undefined ? { id: m.id, ok: true } : { id: m.id, ok: true, value });
  } catch (e) {
    post({ id: m.id, ok: false, ...describe(e) });
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  let entry = stores.get(m.store);
  if (!entry) {
    entry = { store: new Store(m.store), chain: Promise.resolve() };
    stores.set(m.store, entry);
  }
  const { store } = entry;
  // Strictly in order per store: appends must land in sequence, and `finish` after the last append.
  entry.chain = entry.chain.then(() => handle(store, m));
};
