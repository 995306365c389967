import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  BlobShrankError,
  BlockReader,
  blocksOf,
  defaultReadWay,
  READ_BLOCK_BYTES,
  type ReadWay,
} from '../../../src/client/engine/block-reader.ts';
import { FileReading, type ReadStep } from '../../../src/client/engine/file-reading.ts';
import { HashContexts } from '../../../src/client/engine/hashing.ts';

const MiB = 1024 * 1024;
const bytes = new Uint8Array(randomBytes(2 * READ_BLOCK_BYTES + MiB + 3));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A Blob whose stream comes in odd chunks, none on a block's edge; it counts how often it was cancelled. */
class PlainStreamBlob extends Blob {
  cancels = 0;
  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    let all = new Uint8Array(0);
    let at = 0;
    const source = this;
    return new ReadableStream({
      async start() {
        all = new Uint8Array(await Blob.prototype.arrayBuffer.call(source));
      },
      pull(controller) {
        if (at >= all.byteLength) return controller.close();
        const n = Math.min(all.byteLength - at, 1000 + (at % 7919));
        controller.enqueue(all.slice(at, at + n));
        at += n;
      },
      cancel: () => {
        source.cancels++;
      },
    });
  }
}

/** A Blob that promises more bytes than its stream gives: a file cut short on disk while it is read. */
class ShrunkBlob extends Blob {
  override get size(): number {
    return super.size + 5;
  }
}
class ShrunkPlainBlob extends PlainStreamBlob {
  override get size(): number {
    return super.size + 5;
  }
}

/** A picked file that changed on disk after its stream opened: any read that opens it again fails. */
class ChangedOnDiskBlob extends Blob {
  override slice(): Blob {
    return new (class extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new DOMException('the file changed', 'NotReadableError'));
      }
    })();
  }
}

const WAYS: ReadWay[] = ['stream', 'slices'];

async function collect(blob: Blob, from = 0, way?: ReadWay): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const block of blocksOf(blob, from, way)) out.push(block);
  return out;
}

const joined = (blocks: Uint8Array[]) => Buffer.concat(blocks.map((b) => Buffer.from(b)));

test('where Blob streams are byte streams (here, as in Chromium), a BlockReader streams', () => {
  assert.equal(defaultReadWay(), 'stream');
});

test('blocksOf hands out the whole Blob in full blocks, the last one shorter, either way', async () => {
  for (const way of WAYS) {
    const blocks = await collect(new Blob([bytes]), 0, way);
    assert.deepEqual(
      blocks.map((b) => b.byteLength),
      [READ_BLOCK_BYTES, READ_BLOCK_BYTES, MiB + 3],
      way,
    );
    assert.equal(sha256(joined(blocks)), sha256(bytes), way);
    // Each block owns its whole buffer, so it can be transferred to another thread as it is.
    for (const b of blocks) assert.equal(b.buffer.byteLength, b.byteLength, way);
  }
});

test('blocksOf starts anywhere in the Blob', async () => {
  const from = READ_BLOCK_BYTES + 12345;
  for (const way of WAYS) {
    const blocks = await collect(new Blob([bytes]), from, way);
    assert.equal(blocks[0]?.byteLength, READ_BLOCK_BYTES, way);
    assert.equal(sha256(joined(blocks)), sha256(bytes.subarray(from)), way);
    assert.deepEqual(await collect(new Blob([bytes]), bytes.byteLength, way), [], way);
    assert.deepEqual(await collect(new Blob([]), 0, way), [], way);
  }
});

test('a stream of odd chunks gives the same blocks', async () => {
  const blocks = await collect(new PlainStreamBlob([bytes]));
  assert.deepEqual(
    blocks.map((b) => b.byteLength),
    [READ_BLOCK_BYTES, READ_BLOCK_BYTES, MiB + 3],
  );
  assert.equal(sha256(joined(blocks)), sha256(bytes));
});

test('reads of any length, across chunk and block edges, give the bytes in order', async () => {
  for (const blob of [new Blob([bytes]), new PlainStreamBlob([bytes])]) {
    const reader = new BlockReader(blob);
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const n of [1, 999, 0, 65_536, READ_BLOCK_BYTES, 3, MiB]) {
      parts.push(await reader.read(n));
      at += n;
    }
    reader.cancel();
    assert.equal(sha256(joined(parts)), sha256(bytes.subarray(0, at)), blob.constructor.name);
  }
});

test('a Blob that ends early is an error, not a short block', async () => {
  for (const blob of [new ShrunkBlob([bytes]), new ShrunkPlainBlob([bytes])]) {
    for (const way of WAYS) await assert.rejects(collect(blob, 0, way), BlobShrankError, blob.constructor.name);
  }
});

test('a file that changed on disk while its stream read it fails at its end, before its digest', async () => {
  await assert.rejects(collect(new ChangedOnDiskBlob([bytes]), 0, 'stream'), { name: 'NotReadableError' });
  // One block is read in one go from a stream opened just before: nothing to check again.
  const small = bytes.subarray(0, READ_BLOCK_BYTES);
  assert.equal(sha256(joined(await collect(new ChangedOnDiskBlob([small]), 0, 'stream'))), sha256(small));
});

test('a reading stopped early lets its stream go', async () => {
  const blob = new PlainStreamBlob([bytes]);
  for await (const _ of blocksOf(blob, 0, 'stream')) break;
  assert.equal(blob.cancels, 1);
  const reading = new FileReading(await HashContexts.create(), 7, { blob, start: 0 });
  await reading.read();
  reading.close();
  assert.equal(blob.cancels, 2);
});

async function allSteps(reading: FileReading): Promise<ReadStep[]> {
  const steps: ReadStep[] = [];
  for (;;) {
    const step = await reading.read();
    steps.push(step);
    if ('sha256' in step) return steps;
  }
}

test("a sender's reading hands out the file's blocks with checkpoints and ends with its SHA-256", async () => {
  const blob = new Blob([bytes]);
  const hash = await HashContexts.create();
  const steps = await allSteps(new FileReading(hash, 1, { blob, start: 0 }));
  const blocks = steps.flatMap((s) => ('block' in s ? [s.block] : []));
  assert.deepEqual(
    blocks.map((b) => b.offset),
    [0, READ_BLOCK_BYTES, 2 * READ_BLOCK_BYTES],
  );
  assert.equal(sha256(joined(blocks.map((b) => b.bytes))), sha256(bytes));
  assert.deepEqual(steps.at(-1), { sha256: sha256(bytes) });

  // Resumed from the second block's checkpoint, mid-block: the digest is still the whole file's.
  const second = blocks[1];
  assert.ok(second);
  const start = second.offset + 777;
  const resumed = await allSteps(
    new FileReading(hash, 2, { blob, start, resume: { offset: second.offset, state: second.state } }),
  );
  const resumedBlocks = resumed.flatMap((s) => ('block' in s ? [s.block] : []));
  assert.equal(resumedBlocks[0]?.offset, start);
  assert.equal(sha256(joined(resumedBlocks.map((b) => b.bytes))), sha256(bytes.subarray(start)));
  assert.deepEqual(resumed.at(-1), { sha256: sha256(bytes) });

  // Resumed from the file's start, two blocks and more before the first byte to send.
  const far = 2 * READ_BLOCK_BYTES + 5;
  const fromStart = await allSteps(new FileReading(hash, 3, { blob, start: far }));
  assert.equal(fromStart.length, 2);
  const [only] = fromStart.flatMap((s) => ('block' in s ? [s.block] : []));
  assert.equal(only?.offset, far);
  assert.equal(sha256(only?.bytes ?? new Uint8Array(0)), sha256(bytes.subarray(far)));
  assert.deepEqual(fromStart.at(-1), { sha256: sha256(bytes) });
});
