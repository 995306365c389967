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

/** How a `BlockReader` gets a Blob's bytes: one stream for the whole Blob, or a `slice().arrayBuffer()` per read. */
export type ReadWay = 'stream' | 'slices';

let probed: ReadWay | undefined;

/**
 * `stream` where a Blob's stream is a byte stream (Chromium): such a stream is pulled, so it reads no further ahead
 * than its reader asks. WebKit's is not, and reads the whole file into memory at once, however slowly its reader
 * takes it: there, and wherever the probe fails, `slices`.
 */
export function defaultReadWay(): ReadWay {
  if (!probed) {
    try {
      new Blob([]).stream().getReader({ mode: 'byob' }).releaseLock();
      probed = 'stream';
    } catch {
      probed = 'slices';
    }
  }
  return probed;
}

/**
 * Reads a Blob front to back. A picked file's `blob.slice().arrayBuffer()` is a round trip to the browser process
 * per call; one stream per file costs Chromium about a quarter less CPU per MiB than 4 MiB slices
 * (`npm run bench:read`). The stream's chunks are copied into blocks of the caller's size. Not a BYOB reader,
 * though it would spare that copy: Chromium 156's BYOB read of a large Blob held in memory stalled for good about
 * one time in six (a 256 MiB Blob of IndexedDB rows, read again and again), the default reader never.
 */
export class BlockReader {
  readonly #blob: Blob;
  /** The next byte to hand out. */
  #at: number;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | null;
  /** The stream's chunk being handed out, from `#restAt` on. */
  #rest: Uint8Array = new Uint8Array(0);
  #restAt = 0;
  /** The stream checked the file only when it opened it: whether to check once more at the end. */
  readonly #checkAtEnd: boolean;

  /** Reads `blob` from byte `from` on. */
  constructor(blob: Blob, from = 0, way: ReadWay = defaultReadWay()) {
    this.#blob = blob;
    this.#at = from;
    this.#reader = way === 'stream' ? (from > 0 ? blob.slice(from) : blob).stream().getReader() : null;
    this.#checkAtEnd = way === 'stream' && blob.size - from > READ_BLOCK_BYTES;
  }

  /** Exactly the next `bytes` bytes, in a buffer of their own (it can be transferred). */
  async read(bytes: number): Promise<Uint8Array> {
    const block = this.#reader ? await this.#fromStream(this.#reader, bytes) : await this.#slice(this.#at, bytes);
    this.#at += bytes;
    // A browser refuses to read a picked file that changed on disk since it was picked, but a stream only checks
    // when it opens the file: one more read at the end fails where the file changed meanwhile, before its
    // digest is taken for bytes that were partly old and partly new.
    if (this.#checkAtEnd && this.#at === this.#blob.size) await this.#slice(this.#at - 1, 1);
    return block;
  }

  /** Stops reading; the stream lets the file go. */
  cancel(): void {
    void this.#reader?.cancel().catch(() => {});
  }

  async #slice(from: number, bytes: number): Promise<Uint8Array> {
    const block = new Uint8Array(await this.#blob.slice(from, from + bytes).arrayBuffer());
    if (block.byteLength !== bytes) throw new BlobShrankError();
    return block;
  }

  async #fromStream(reader: ReadableStreamDefaultReader<Uint8Array>, bytes: number): Promise<Uint8Array> {
    const block = new Uint8Array(bytes);
    for (let filled = 0; filled < bytes; ) {
      if (this.#restAt >= this.#rest.byteLength) {
        const { done, value } = await reader.read();
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
}

/** A Blob's bytes from `from` to its end, in blocks of READ_BLOCK_BYTES (the last one shorter). */
export async function* blocksOf(blob: Blob, from = 0, way?: ReadWay): AsyncGenerator<Uint8Array> {
  const reader = new BlockReader(blob, from, way);
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
