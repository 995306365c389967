/**
 * How much of a file the engine reads (and hashes) in one go, wherever it reads one: sending, hashing a
 * Blob, re-hashing a stored prefix, copying a share into OPFS. Each `Blob.arrayBuffer()` of a picked file is
 * a round trip to the browser process; a block of many frames (`DEFAULT_CHUNK_SIZE`) saves most of them
 * (measured with `npm run bench:transfer`), and memory stays at a block or two. Not a wire value: the other
 * peer never sees it.
 */
export const READ_BLOCK_BYTES = 4 * 1024 * 1024;

/** Reads a Blob front to back in blocks of READ_BLOCK_BYTES, one block ahead. */
export class BlockReader {
  #block = new Uint8Array(0);
  #blockStart: number;
  #used = 0;
  #next: Promise<ArrayBuffer> | null;

  constructor(
    private readonly blob: Blob,
    start: number,
    private readonly blockBytes = READ_BLOCK_BYTES,
  ) {
    this.#blockStart = start;
    this.#next = this.#read(start);
  }

  #read(from: number): Promise<ArrayBuffer> | null {
    return from < this.blob.size
      ? this.blob.slice(from, Math.min(this.blob.size, from + this.blockBytes)).arrayBuffer()
      : null;
  }

  /** True when the next `take` starts a new block (a good place for a hash checkpoint). */
  get atBlockStart(): boolean {
    return this.#used === this.#block.byteLength;
  }

  /** The next up to `max` bytes (never crossing a block end), as a view; empty at the end of the blob. */
  async take(max: number): Promise<Uint8Array> {
    if (this.#used === this.#block.byteLength) {
      if (!this.#next) return new Uint8Array(0);
      this.#blockStart += this.#block.byteLength;
      this.#block = new Uint8Array(await this.#next);
      this.#used = 0;
      this.#next = this.#read(this.#blockStart + this.#block.byteLength);
    }
    const view = this.#block.subarray(this.#used, Math.min(this.#block.byteLength, this.#used + max));
    this.#used += view.byteLength;
    return view;
  }

  /** Stops reading ahead (a pending read's failure is then of no interest). */
  close(): void {
    this.#next?.catch(() => {});
    this.#next = null;
  }
}
