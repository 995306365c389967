/**
 * How much of a file the engine reads (and hashes) in one go, wherever it reads one: sending, hashing a
 * Blob, re-hashing a stored prefix, copying a share into OPFS. Memory stays at a block or two. Not a wire
 * value: the other peer never sees it.
 */
export const READ_BLOCK_BYTES = 4 * 1024 * 1024;

/** The Blob ended before the bytes its size promised (the file changed on disk while it was read). */
export class BlobShrankError extends Error {
  constructor() {
    super('the file became shorter while it was being read');
    this.name = 'BlobShrankError';
  }
}

/**
 * Reads a Blob front to back through one stream. A picked file's `blob.slice().arrayBuffer()` costs a round trip
 * to the browser process per call; one stream per file costs Chromium about a quarter less CPU per MiB than 4 MiB
 * slices (`npm run bench:read`). The stream's chunks are copied into blocks of the caller's size. Not a BYOB
 * reader, though it would spare that copy: Chromium 156's BYOB read of a large Blob held in memory stalled for
 * good about one time in six (a 256 MiB Blob of IndexedDB rows, read again and again), the default reader never.
 */
export class BlockReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  /** The stream's chunk being handed out, from `#restAt` on. */
  #rest: Uint8Array = new Uint8Array(0);
  #restAt = 0;

  /** Reads `blob` from byte `from` on. */
  constructor(blob: Blob, from = 0) {
    this.#reader = (from > 0 ? blob.slice(from) : blob).stream().getReader();
  }

  /** Exactly the next `bytes` bytes, in a buffer of their own (it can be transferred). */
  async read(bytes: number): Promise<Uint8Array> {
    const block = new Uint8Array(bytes);
    for (let filled = 0; filled < bytes; ) {
      if (this.#restAt >= this.#rest.byteLength) {
        const { done, value } = await this.#reader.read();
        if (done) throw new BlobShrankError();
        this.#rest = value;
        this.#restAt = 0;
      }
      const take = Math.min(bytes - filled, this.#rest.byteLength - this.#restAt);
      block.set(this.#rest.subarray(this.#restAt, this.#restAt + take), filled);
      this.#restAt += take;
      filled += take;
    }
    return block;
  }

  /** Stops reading; the stream lets the file go. */
  cancel(): void {
    void this.#reader.cancel().catch(() => {});
  }
}

/** A Blob's bytes from `from` to its end, in blocks of READ_BLOCK_BYTES (the last one shorter). */
export async function* blocksOf(blob: Blob, from = 0): AsyncGenerator<Uint8Array> {
  const reader = new BlockReader(blob, from);
  try {
    for (let at = from; at < blob.size; ) {
      const block = await reader.read(Math.min(READ_BLOCK_BYTES, blob.size - at));
      at += block.byteLength;
      yield block;
    }
  } finally {
    reader.cancel();
  }
}
