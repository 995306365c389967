/**
 * Where a receiver puts the bytes. Appends are sequential per file; each store hashes as it writes,
 * so the SHA-256 is ready the moment the last byte is stored and a resumed file continues its hash.
 */

import { baseName } from '../../shared/file-names.ts';
import type { ManifestFile } from '../../shared/transfer-protocol.ts';
import type { TransferError } from './errors.ts';
import { HashContexts } from './hashing.ts';
import { MEMORY_STORAGE_LIMIT_BYTES, memoryClaims } from './storage-room.ts';

export type StorageKind = 'opfs' | 'fsa' | 'memory';

/**
 * The only type a received file gets. The type in the manifest is the peer's free text, and a File's type
 * becomes the Content-Type of every blob: URL made from it — a document on our own origin, with the owner's
 * login and outside the page's CSP, if that type were `text/html` or `image/svg+xml`. The declared type stays
 * in the manifest, for display only.
 */
export const RECEIVED_FILE_TYPE = 'application/octet-stream';

/** A stored file as the page gets it: named by the last segment of its path, typed as plain bytes. */
export function receivedFile(content: Blob, f: ManifestFile): File {
  return new File([content], baseName(f.name), {
    type: RECEIVED_FILE_TYPE,
    lastModified: f.lastModified || Date.now(),
  });
}

export interface StoredFileState {
  /** Bytes stored (and hashed) so far. */
  bytes: number;
  /** Stored completely and verified in an earlier session. */
  done: boolean;
  sha256?: string;
}

export interface ReceiveStorage {
  readonly kind: StorageKind;
  /** Open (or re-open after a reconnect or a page reload) the store of one logical transfer. */
  open(transferId: string, files: readonly ManifestFile[]): Promise<StoredFileState[]>;
  /** Append `byteLength` bytes of `buffer` from `byteOffset` to file `index`. The store may take
   * ownership of `buffer` (transfer it to a worker): the caller must not use it afterwards. */
  append(index: number, buffer: ArrayBuffer, byteOffset: number, byteLength: number): void;
  /** Called after bytes are durably written: total bytes now stored for `index`. */
  onwritten: ((index: number, bytesStored: number) => void) | null;
  /** Called when a write failed (quota, I/O); the transfer cannot continue. */
  onerror: ((error: TransferError) => void) | null;
  /** Wait for every append of `index`, close it, and return the hex SHA-256 of its content. */
  finish(index: number): Promise<string>;
  /** Remember `index` as verified (survives a reload for stores that persist). */
  markDone(index: number, sha256: string): Promise<void>;
  /** Drop the stored bytes of `index` (digest mismatch: it will be sent again from 0). */
  reset(index: number): Promise<void>;
  /** Drop `index` for good (cancelled). */
  discard(index: number): Promise<void>;
  /** The stored file, named by its manifest name (last path segment). */
  getFile(index: number): Promise<File>;
  /** Wait until every append so far has been written. */
  flush(): Promise<void>;
  /** Bytes this store can still take for the open transfer (null: the browser does not say). */
  room(): Promise<number | null>;
  /** Release handles / workers; the stored data stays. */
  close(): Promise<void>;
  /** Delete everything stored for this transfer. */
  remove(): Promise<void>;
}

/** Last-resort store: keeps the bytes in Blobs in memory (browsers may page large Blobs to disk). */
export class MemoryStorage implements ReceiveStorage {
  readonly kind = 'memory' as const;
  onwritten: ((index: number, bytesStored: number) => void) | null = null;
  onerror: ((error: TransferError) => void) | null = null;
  #files: readonly ManifestFile[] = [];
  #hash: HashContexts | null = null;
  #parts = new Map<number, { blobs: Blob[]; pending: Uint8Array[]; pendingBytes: number; bytes: number }>();
  #done = new Map<number, { blob: Blob; sha256: string }>();
  #transferId: string | null = null;
  /** Pending views are folded into one Blob past this many bytes (lets the browser page it out). */
  static readonly FOLD_BYTES = 8 * 1024 * 1024;

  async open(transferId: string, files: readonly ManifestFile[]): Promise<StoredFileState[]> {
    if (this.#transferId !== transferId) {
      this.#parts.clear();
      this.#done.clear();
      this.#transferId = transferId;
    }
    this.#files = files;
    this.#hash ??= await HashContexts.create();
    // Claimed at once, so that other stores opened meanwhile do not count the same memory.
    memoryClaims.set(
      this,
      files.reduce((s, f) => s + f.size, 0),
    );
    return files.map((f) => {
      const d = this.#done.get(f.index);
      if (d) return { bytes: f.size, done: true, sha256: d.sha256 };
      return { bytes: this.#parts.get(f.index)?.bytes ?? 0, done: false };
    });
  }

  /** Bytes held now (received files and parts). */
  #held(): number {
    let sum = 0;
    for (const d of this.#done.values()) sum += d.blob.size;
    for (const p of this.#parts.values()) sum += p.bytes;
    return sum;
  }

  async room(): Promise<number | null> {
    return Math.max(0, MEMORY_STORAGE_LIMIT_BYTES - memoryClaims.othersThan(this) - this.#held());
  }

  #entry(index: number) {
    let e = this.#parts.get(index);
    if (!e) {
      e = { blobs: [], pending: [], pendingBytes: 0, bytes: 0 };
      this.#parts.set(index, e);
    }
    return e;
  }

  append(index: number, buffer: ArrayBuffer, byteOffset: number, byteLength: number): void {
    if (!this.#hash) throw new Error('storage not open');
    const view = new Uint8Array(buffer, byteOffset, byteLength);
    this.#hash.update(index, view);
    const e = this.#entry(index);
    e.pending.push(view);
    e.pendingBytes += byteLength;
    e.bytes += byteLength;
    if (e.pendingBytes >= MemoryStorage.FOLD_BYTES) this.#fold(e);
    const bytes = e.bytes;
    queueMicrotask(() => this.onwritten?.(index, bytes));
  }

  #fold(e: { blobs: Blob[]; pending: Uint8Array[]; pendingBytes: number }): void {
    if (e.pending.length === 0) return;
    e.blobs.push(new Blob(e.pending as BlobPart[]));
    e.pending = [];
    e.pendingBytes = 0;
  }

  async finish(index: number): Promise<string> {
    if (!this.#hash) throw new Error('storage not open');
    const e = this.#entry(index);
    this.#fold(e);
    return this.#hash.digest(index);
  }

  async markDone(index: number, sha256: string): Promise<void> {
    const e = this.#entry(index);
    this.#fold(e);
    this.#done.set(index, { blob: new Blob(e.blobs), sha256 });
    this.#parts.delete(index);
  }

  async reset(index: number): Promise<void> {
    this.#parts.delete(index);
    this.#done.delete(index);
    this.#hash?.reset(index);
  }

  discard(index: number): Promise<void> {
    return this.reset(index);
  }

  async getFile(index: number): Promise<File> {
    const f = this.#files[index];
    const d = this.#done.get(index);
    if (!f || !d) throw new Error(`file #${index} is not complete`);
    return receivedFile(d.blob, f);
  }

  async flush(): Promise<void> {}

  /** What is held stays claimed; what was only offered is given back. */
  async close(): Promise<void> {
    memoryClaims.set(this, this.#held());
  }

  async remove(): Promise<void> {
    this.#parts.clear();
    this.#done.clear();
    this.#transferId = null;
    memoryClaims.delete(this);
  }
}
