/**
 * Incremental SHA-256 with hash-wasm (WebAssembly): works in workers, in Node, and outside secure
 * contexts where `crypto.subtle` is missing. One wasm hasher serves several files by saving and
 * loading per-file states (`save()`/`load()`), which is also what lets a transfer resume mid-file.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { blocksOf } from './block-reader.ts';

export type { IHasher };

export function createHasher(): Promise<IHasher> {
  return createSHA256();
}

/** SHA-256 of a whole Blob, read in blocks (never the whole file in memory). */
export async function sha256OfBlob(blob: Blob, hasher?: IHasher): Promise<string> {
  const h = hasher ?? (await createHasher());
  h.init();
  for await (const block of blocksOf(blob)) h.update(block);
  return h.digest('hex');
}

/** Several interleaved per-file hashing contexts on one wasm hasher. */
export class HashContexts {
  readonly #hasher: IHasher;
  #current = -1;
  readonly #states = new Map<number, Uint8Array>();

  constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  static async create(): Promise<HashContexts> {
    return new HashContexts(await createHasher());
  }

  #switchTo(index: number): IHasher {
    if (this.#current === index) return this.#hasher;
    if (this.#current >= 0) this.#states.set(this.#current, this.#hasher.save());
    const state = this.#states.get(index);
    if (state) {
      this.#hasher.load(state);
      this.#states.delete(index);
    } else this.#hasher.init();
    this.#current = index;
    return this.#hasher;
  }

  update(index: number, data: Uint8Array): void {
    this.#switchTo(index).update(data);
  }

  /** The state after everything hashed so far for `index` (for checkpoints). */
  save(index: number): Uint8Array {
    return this.#switchTo(index).save();
  }

  /** Continue `index` from a saved state. */
  load(index: number, state: Uint8Array): void {
    this.reset(index);
    this.#states.set(index, state);
  }

  /** Finish `index`: hex digest; its context is dropped. */
  digest(index: number): string {
    const d = this.#switchTo(index).digest('hex');
    this.#current = -1;
    return d;
  }

  /** Forget `index` (it starts again from the empty message). */
  reset(index: number): void {
    this.#states.delete(index);
    if (this.#current === index) this.#current = -1;
  }
}
