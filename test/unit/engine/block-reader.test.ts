import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { BlobShrankError, BlockReader, blocksOf, READ_BLOCK_BYTES } from '../../../src/client/engine/block-reader.ts';
import { FileReading, type ReadStep } from '../../../src/client/engine/file-reading.ts';
import { HashContexts } from '../../../src/client/engine/hashing.ts';

const MiB = 1024 * 1024;
const bytes = new Uint8Array(randomBytes(2 * READ_BLOCK_BYTES + MiB + 3));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A Blob whose stream comes in odd chunks, none on a block's edge. */
class PlainStreamBlob extends Blob {
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

async function collect(blob: Blob, from = 0): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const block of blocksOf(blob, from)) out.push(block);
  return out;
}

const joined = (blocks: Uint8Array[]) => Buffer.concat(blocks.map((b) => Buffer.from(b)));

test('blocksOf hands out the whole Blob in full blocks, the last one shorter', async () => {
  const blocks = await collect(new Blob([bytes]));
  assert.deepEqual(
    blocks.map((b) => b.byteLength),
    [READ_BLOCK_BYTES, READ_BLOCK_BYTES, MiB + 3],
  );
  assert.equal(sha256(joined(blocks)), sha256(bytes));
  // Each block owns its whole buffer, so it can be transferred to another thread as it is.
  for (const b of blocks) assert.equal(b.buffer.byteLength, b.byteLength);
});

test('blocksOf starts anywhere in the Blob', async () => {
  const from = READ_BLOCK_BYTES + 12345;
  const blocks = await collect(new Blob([bytes]), from);
  assert.equal(blocks[0]?.byteLength, READ_BLOCK_BYTES);
  assert.equal(sha256(joined(blocks)), sha256(bytes.subarray(from)));
  assert.deepEqual(await collect(new Blob([bytes]), bytes.byteLength), []);
  assert.deepEqual(await collect(new Blob([])), []);
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
    await assert.rejects(collect(blob), BlobShrankError, blob.constructor.name);
  }
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
});
