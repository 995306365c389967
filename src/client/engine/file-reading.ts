/**
 * Reading one file to send: front to back in blocks of READ_BLOCK_BYTES, each block hashed as it is read (the
 * file's SHA-256, continued from a checkpoint on a resume). Runs where its `ReadSource` puts it: in the read worker
 * on pages (`read-worker.ts`), which hands each block over by transfer, in the caller's thread otherwise.
 */
import { BlockReader, READ_BLOCK_BYTES } from './block-reader.ts';
import type { HashContexts } from './hashing.ts';

/** The hash state of a file's first `offset` bytes: where hashing can pick up again. */
export interface Checkpoint {
  offset: number;
  state: Uint8Array;
}

export interface ReadPlan {
  blob: Blob;
  /** First byte to hand out. */
  start: number;
  /** Hashing resumes here (at or before `start`); the bytes from it to `start` are read and hashed first. */
  resume?: Checkpoint;
}

export interface ReadBlock {
  /** Position in the file of the block's first byte. */
  offset: number;
  bytes: Uint8Array;
  /** The hash state before `offset`: a checkpoint to resume from. */
  state: Uint8Array;
}

/** One step of a reading: the next block, or the file's SHA-256 (hex) once every byte was handed out. */
export type ReadStep = { block: ReadBlock } | { sha256: string };

export class FileReading {
  readonly #hash: HashContexts;
  readonly #key: number;
  readonly #plan: ReadPlan;
  /** The next byte to read; below `plan.start` while catching the hash up. */
  #at: number;
  readonly #reader: BlockReader;

  /** `key` names this reading's context in `hash` (shared by several readings). */
  constructor(hash: HashContexts, key: number, plan: ReadPlan) {
    this.#hash = hash;
    this.#key = key;
    this.#plan = plan;
    if (plan.resume) hash.load(key, plan.resume.state);
    else hash.reset(key);
    this.#at = plan.resume?.offset ?? 0;
    this.#reader = new BlockReader(plan.blob, this.#at);
  }

  /** Reads on; call again only once the last call settled (the hash takes bytes in order). */
  async read(): Promise<ReadStep> {
    const { blob, start } = this.#plan;
    while (this.#at < start) {
      const to = Math.min(start, this.#at + READ_BLOCK_BYTES);
      this.#hash.update(this.#key, await this.#reader.read(to - this.#at));
      this.#at = to;
    }
    if (this.#at >= blob.size) return { sha256: this.#hash.digest(this.#key) };
    const offset = this.#at;
    const bytes = await this.#reader.read(Math.min(READ_BLOCK_BYTES, blob.size - offset));
    const state = this.#hash.save(this.#key);
    this.#hash.update(this.#key, bytes);
    this.#at += bytes.byteLength;
    return { block: { offset, bytes, state } };
  }

  /** Stops reading and forgets this reading's hash context. */
  close(): void {
    this.#reader.cancel();
    this.#hash.reset(this.#key);
  }
}

/** One file being read, as the sender sees it. */
export interface SendReading {
  /** The next step; steps asked for before the last one settled run after it. */
  read(): Promise<ReadStep>;
  /** Stops reading (after a step still running) and forgets the hash context. */
  close(): void;
}

/** A reading on a hasher that may still be starting, its steps run one after another. */
export function queuedReading(hash: Promise<HashContexts>, key: number, plan: ReadPlan): SendReading {
  const reading = hash.then((h) => new FileReading(h, key, plan));
  let last: Promise<unknown> = reading;
  return {
    read() {
      const step = last.then(async () => (await reading).read());
      last = step.catch(() => {});
      return step;
    },
    close: () => void last.then(async () => (await reading).close()).catch(() => {}),
  };
}
