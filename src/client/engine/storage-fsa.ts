/**
 * Receiver storage in a folder the user picked (File System Access API, `showDirectoryPicker()`),
 * for browsers/contexts with that API but without usable OPFS. Files are written with their relative
 * paths through writable streams (bytes go to disk as they arrive). Resume works across reconnects
 * within one page; after a reload a partial file starts again from 0 (a writable stream's data only
 * lands in the file when it is closed).
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import { isQuotaError, StorageError, StorageFullError, type TransferError } from './errors.ts';
import { HashContexts } from './hashing.ts';
import { type ReceiveStorage, receivedFile, type StoredFileState } from './storage.ts';

interface OpenFile {
  handle: FileSystemFileHandle;
  writable: FileSystemWritableFileStream;
  bytes: number;
}

export class FsaStorage implements ReceiveStorage {
  readonly kind = 'fsa' as const;
  onwritten: ((index: number, bytesStored: number) => void) | null = null;
  onerror: ((error: TransferError) => void) | null = null;
  #files: readonly ManifestFile[] = [];
  #hash: HashContexts | null = null;
  #open = new Map<number, Promise<OpenFile>>();
  #done = new Map<number, string>();
  #bytes = new Map<number, number>();
  #chain: Promise<unknown> = Promise.resolve();
  #transferId: string | null = null;
  /** Files whose write failed: their writable stream is unusable, so they start again at the next open. */
  readonly #broken = new Set<number>();

  constructor(private readonly root: FileSystemDirectoryHandle) {}

  async #fileHandle(index: number): Promise<FileSystemFileHandle> {
    const f = this.#files[index];
    if (!f) throw new Error(`file #${index} unknown`);
    const parts = f.name.split('/');
    let dir = this.root;
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    return dir.getFileHandle(parts[parts.length - 1] as string, { create: true });
  }

  async open(transferId: string, files: readonly ManifestFile[]): Promise<StoredFileState[]> {
    await this.#chain;
    if (this.#transferId !== transferId) {
      this.#done.clear();
      this.#bytes.clear();
      this.#transferId = transferId;
    }
    this.#files = files;
    this.#hash ??= await HashContexts.create();
    for (const index of this.#broken) await this.reset(index);
    this.#broken.clear();
    return files.map((f) => {
      const d = this.#done.get(f.index);
      return d ? { bytes: f.size, done: true, sha256: d } : { bytes: this.#bytes.get(f.index) ?? 0, done: false };
    });
  }

  #writer(index: number): Promise<OpenFile> {
    let p = this.#open.get(index);
    if (!p) {
      p = (async () => {
        const handle = await this.#fileHandle(index);
        const writable = await handle.createWritable({ keepExistingData: false });
        return { handle, writable, bytes: 0 };
      })();
      this.#open.set(index, p);
    }
    return p;
  }

  append(index: number, buffer: ArrayBuffer, byteOffset: number, byteLength: number): void {
    const view = new Uint8Array(buffer, byteOffset, byteLength);
    this.#hash?.update(index, view);
    this.#chain = this.#chain
      .then(async () => {
        const w = await this.#writer(index);
        await w.writable.write(view);
        w.bytes += byteLength;
        this.#bytes.set(index, w.bytes);
        this.onwritten?.(index, w.bytes);
      })
      .catch((e) => {
        this.#broken.add(index);
        this.onerror?.(
          isQuotaError(e)
            ? new StorageFullError(undefined, { index, cause: e })
            : new StorageError(String(e), { index, cause: e }),
        );
      });
  }

  async finish(index: number): Promise<string> {
    await this.#chain;
    const w = await this.#writer(index);
    await w.writable.close();
    this.#open.delete(index);
    return (this.#hash as HashContexts).digest(index);
  }
  async markDone(index: number, sha256: string): Promise<void> {
    this.#done.set(index, sha256);
  }
  async reset(index: number): Promise<void> {
    await this.#chain;
    const p = this.#open.get(index);
    this.#open.delete(index);
    if (p) await (await p).writable.abort().catch(() => {});
    this.#bytes.delete(index);
    this.#done.delete(index);
    this.#hash?.reset(index);
  }
  discard(index: number): Promise<void> {
    return this.reset(index);
  }
  async getFile(index: number): Promise<File> {
    const f = this.#files[index];
    if (!f) throw new Error(`file #${index} unknown`);
    const file = await (await this.#fileHandle(index)).getFile();
    return receivedFile(file, f);
  }
  async flush(): Promise<void> {
    await this.#chain;
  }
  /** A folder on the user's disk: the browser does not say how much room it has. */
  async room(): Promise<number | null> {
    return null;
  }
  async close(): Promise<void> {
    await this.#chain;
    for (const p of this.#open.values()) await (await p).writable.close().catch(() => {});
    this.#open.clear();
  }
  async remove(): Promise<void> {
    for (const i of [...this.#open.keys()]) await this.reset(i);
  }
}
