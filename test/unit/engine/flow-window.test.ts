/**
 * The receiver holds a sender to the flow-control window. Storage slower than the network (a busy disk behind the
 * page's storage worker) keeps every byte not yet written in memory; an honest sender stops at its window, a
 * hostile one that ignores the acks is disconnected once the receiver holds MAX_UNWRITTEN_BYTES of them.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../helpers/english-words.ts';
import { type ChannelMessage, createMemoryChannelPair } from '../../../src/client/engine/channel.ts';
import { OverrunError, StorageFullError } from '../../../src/client/engine/errors.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { createSender, DEFAULT_CHUNK_SIZE } from '../../../src/client/engine/sender.ts';
import { MemoryStorage, type StoredFileState } from '../../../src/client/engine/storage.ts';
import { failureSentence } from '../../../src/client/ui/transfer-failure.ts';
import {
  encodeDataFrame,
  FLOW_WINDOW_BYTES,
  MAX_UNWRITTEN_BYTES,
  type ManifestFile,
} from '../../../src/shared/transfer-protocol.ts';
import { failure, makeFile, receivedBytes, sha256, waitFor } from './helpers.ts';

const MiB = 1024 * 1024;

/**
 * A store as slow as a busy disk behind a worker: appends wait in a queue, holding their buffers as the worker's
 * message queue does, and are written `bytesPerTick` a millisecond; every other call waits for the queue, as the
 * worker runs a store's requests in order. `maxQueued` is the most it ever held unwritten. With `fullAt`, the disk
 * fills up once there: that write fails, and later ones are dropped without a word (as the OPFS worker drops the
 * appends of a file whose write failed) until the store is opened again.
 */
class SlowStorage extends MemoryStorage {
  queued = 0;
  maxQueued = 0;
  written = 0;
  #full = false;
  readonly #queue: [number, ArrayBuffer, number, number][] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  constructor(
    private readonly bytesPerTick: number,
    private fullAt = Number.POSITIVE_INFINITY,
  ) {
    super();
  }
  override append(index: number, buffer: ArrayBuffer, off: number, len: number): void {
    this.#queue.push([index, buffer, off, len]);
    this.queued += len;
    this.maxQueued = Math.max(this.maxQueued, this.queued);
    this.#timer ??= setTimeout(() => this.#write(), 1);
  }
  #write(): void {
    this.#timer = null;
    for (let budget = this.bytesPerTick; budget > 0 && this.#queue.length > 0; ) {
      const [index, buffer, off, len] = this.#queue.shift() as [number, ArrayBuffer, number, number];
      this.queued -= len;
      budget -= len;
      if (!this.#full && this.written + len > this.fullAt) {
        this.#full = true;
        this.fullAt = Number.POSITIVE_INFINITY;
        this.onerror?.(new StorageFullError(undefined, { index }));
      }
      if (this.#full) continue;
      this.written += len;
      super.append(index, buffer, off, len);
    }
    if (this.#queue.length > 0) this.#timer = setTimeout(() => this.#write(), 1);
  }
  async #drained(): Promise<void> {
    while (this.#queue.length > 0) await new Promise((r) => setTimeout(r, 1));
  }
  override async open(transferId: string, files: readonly ManifestFile[]): Promise<StoredFileState[]> {
    await this.#drained();
    this.#full = false;
    return super.open(transferId, files);
  }
  override async finish(index: number): Promise<string> {
    await this.#drained();
    return super.finish(index);
  }
  override async reset(index: number): Promise<void> {
    await this.#drained();
    return super.reset(index);
  }
  override async flush(): Promise<void> {
    await this.#drained();
  }
}

/** Writes 256 KiB a millisecond; the memory channel delivers 4 MiB. */
const slow = () => new SlowStorage(256 * 1024);

test('a sender that ignores the acks is disconnected at the cap, with the page’s own words for it', async () => {
  const pair = createMemoryChannelPair();
  const storage = slow();
  const rx = createReceiver(pair.b, storage);
  const heard: { t: string; code?: string; message?: string }[] = [];
  pair.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') heard.push(JSON.parse(m));
  };
  const send = (msg: object) => pair.a.send(JSON.stringify(msg));
  const size = 4 * FLOW_WINDOW_BYTES;
  send({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' });
  send({
    t: 'manifest',
    version: 1,
    transferId: 'flood',
    files: [{ index: 0, name: 'big.bin', size, type: '', lastModified: 0 }],
  });
  await waitFor(() => heard.some((m) => m.t === 'have'));
  // As fast as the channel takes it, never looking at an ack.
  const frame = new Uint8Array(DEFAULT_CHUNK_SIZE).fill(7);
  for (let at = 0; at < size && pair.a.isOpen; at += frame.length) pair.a.send(encodeDataFrame(0, at, frame));

  const e = await failure(rx);
  assert.ok(e instanceof OverrunError, `${e.name}: ${e.message}`);
  assert.equal(e.code, 'protocol');
  assert.match(e.message, /not yet stored, ignoring the flow-control window/);
  assert.equal(
    failureSentence(e, 'the guest'),
    "The guest's device sent data faster than this device could store it and did not wait when asked, so the transfer was stopped.",
  );
  assert.ok(storage.maxQueued <= MAX_UNWRITTEN_BYTES, `held ${storage.maxQueued} bytes unwritten`);
  assert.ok(storage.maxQueued > FLOW_WINDOW_BYTES, `cut off at the cap, not before (${storage.maxQueued})`);
  await waitFor(() => heard.some((m) => m.t === 'error'));
  assert.equal(heard.find((m) => m.t === 'error')?.code, 'protocol', 'the peer is told why');
});

test('an honest sender into the same slow storage finishes: resent after a damaged frame, resumed after a cut', async () => {
  const a = makeFile('first.bin', 40 * MiB + 3);
  const b = makeFile('second.bin', 48 * MiB + 5);
  const storage = slow();
  let damaged = false;
  const p1 = createMemoryChannelPair({
    tamper: (d, from) => {
      if (damaged || from !== 'a' || typeof d === 'string') return d;
      damaged = true;
      const copy = new Uint8Array(d.slice(0));
      copy[100] = (copy[100] ?? 0) ^ 0xff;
      return copy.buffer;
    },
  });
  const tx = createSender(p1.a, [a.file, b.file], { transferId: 'honest' });
  const rx = createReceiver(p1.b, storage, { progressIntervalMs: 10 });
  const resent: number[] = [];
  rx.on('file-error', (e) => resent.push(e.index));
  let secondStarted = false;
  rx.on('file-start', (e) => (secondStarted ||= e.index === 1));
  await waitFor(() => secondStarted, 60_000);
  await new Promise((r) => setTimeout(r, 20));
  p1.cut();
  const p2 = createMemoryChannelPair();
  rx.attach(p2.b);
  tx.attach(p2.a);
  const [, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(resent, [0], 'the damaged file was sent again');
  assert.equal(rxr.files[0]?.sha256, sha256(a.bytes));
  assert.equal(sha256(await receivedBytes(rx, 1)), sha256(b.bytes));
  // What an honest sender has in flight: its window and the frame that reached it.
  assert.ok(
    storage.maxQueued <= FLOW_WINDOW_BYTES + DEFAULT_CHUNK_SIZE,
    `held up to ${storage.maxQueued} bytes unwritten`,
  );
  assert.ok(storage.maxQueued > FLOW_WINDOW_BYTES / 2, `the storage was the slow end (${storage.maxQueued})`);
});

/** One file of `size` bytes into a slow store that runs out of room at `room` bytes (see SlowStorage). */
function intoFullStore(size: number, room: number) {
  const f = makeFile('big.bin', size);
  const storage = new SlowStorage(256 * 1024, room);
  const pair = createMemoryChannelPair();
  const tx = createSender(pair.a, [f.file]);
  const rx = createReceiver(pair.b, storage, { storageRetryMs: 20 });
  /** What the receiver went through: paused, resumed, and the codes of file errors. */
  const seen: string[] = [];
  rx.on('paused', () => seen.push('paused'));
  rx.on('resumed', () => seen.push('resumed'));
  rx.on('file-error', (e) => seen.push(e.error.code));
  return { f, storage, tx, rx, seen };
}

test('an honest sender paused for room with its whole window in flight goes on without passing the cap', async () => {
  // Full long before the sender can have sent the whole file: no digest check is running when it pauses.
  const { f, storage, tx, rx, seen } = intoFullStore(64 * MiB + 7, 8 * MiB);
  const [, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(seen, ['paused', 'resumed']);
  assert.equal(rxr.files[0]?.sha256, sha256(f.bytes));
  assert.ok(
    storage.maxQueued <= FLOW_WINDOW_BYTES + DEFAULT_CHUNK_SIZE,
    `held up to ${storage.maxQueued} bytes unwritten`,
  );
});

test("out of room while the file's digest is being checked: sent again from the start, not called damaged", async () => {
  // The whole file and its digest are on their way when the store fills up behind them.
  const { f, tx, rx, seen } = intoFullStore(24 * MiB + 7, 20 * MiB);
  const starts: number[] = [];
  tx.on('file-start', (e) => starts.push(e.offset));
  const [, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(seen, ['paused', 'resumed']);
  assert.deepEqual(starts, [0, 0], 'sent once more, from its start');
  assert.equal(rxr.files[0]?.sha256, sha256(f.bytes));
});

test('acks of writes that end after a reconnect wait for the new handshake (the sender takes nothing before it)', async () => {
  /** A store whose writes end only when told. */
  class HeldStorage extends MemoryStorage {
    readonly held: [number, ArrayBuffer, number, number][] = [];
    override append(index: number, buffer: ArrayBuffer, off: number, len: number): void {
      this.held.push([index, buffer, off, len]);
    }
    release(): void {
      for (const [index, buffer, off, len] of this.held.splice(0)) super.append(index, buffer, off, len);
    }
  }
  const storage = new HeldStorage();
  const first = createMemoryChannelPair();
  const rx = createReceiver(first.b, storage);
  const heard: { t: string }[] = [];
  first.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') heard.push(JSON.parse(m));
  };
  first.a.send(JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' }));
  const files = [{ index: 0, name: 'a.bin', size: 4 * MiB, type: '', lastModified: 0 }];
  first.a.send(JSON.stringify({ t: 'manifest', version: 1, transferId: 'held', files }));
  await waitFor(() => heard.some((m) => m.t === 'have'));
  for (let at = 0; at < 2 * MiB; at += DEFAULT_CHUNK_SIZE)
    first.a.send(encodeDataFrame(0, at, new Uint8Array(DEFAULT_CHUNK_SIZE)));
  await waitFor(() => storage.held.length === (2 * MiB) / DEFAULT_CHUNK_SIZE);
  first.cut();

  // The sender dials again; the receiver, the side that accepted, speaks only in answer to its hello.
  const second = createMemoryChannelPair();
  const again: { t: string }[] = [];
  second.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') again.push(JSON.parse(m));
  };
  rx.attach(second.b);
  storage.release(); // the writes end now, before the new hello
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(again.length, 0, 'nothing before the hello');
  second.a.send(JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' }));
  await waitFor(() => again.length > 0);
  assert.equal(again[0]?.t, 'hello');
  rx.cancel();
});

test('a window larger than the receivers take is refused up front', () => {
  assert.throws(
    () => createSender(null, [makeFile('a', 1).file], { windowBytes: FLOW_WINDOW_BYTES + 1 }),
    /flow-control window is at most/,
  );
});
