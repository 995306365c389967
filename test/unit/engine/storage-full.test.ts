/**
 * The receiver runs out of storage mid-file: the transfer pauses on both sides with a clear reason, keeps
 * what is stored, and goes on by itself once there is room again; the file arrives byte-identical.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryChannelPair } from '../../../src/client/engine/channel.ts';
import { StorageFullError, type TransferError } from '../../../src/client/engine/errors.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { createSender } from '../../../src/client/engine/sender.ts';
import { MemoryStorage } from '../../../src/client/engine/storage.ts';
import { makeFile, receivedBytes, sha256 } from './helpers.ts';

/** Like a disk that fills up once: writes past `fullAt` bytes fail (and later ones are dropped, as the OPFS
 * worker does) until the store is opened again and reports room. */
class FillingStorage extends MemoryStorage {
  written = 0;
  full = false;
  filledOnce = false;
  roomChecks = 0;
  constructor(private readonly fullAt: number) {
    super();
  }
  override append(index: number, buffer: ArrayBuffer, off: number, len: number): void {
    if (this.full) return;
    if (!this.filledOnce && this.written + len > this.fullAt) {
      this.full = this.filledOnce = true;
      queueMicrotask(() => this.onerror?.(new StorageFullError(undefined, { index })));
      return;
    }
    this.written += len;
    super.append(index, buffer, off, len);
  }
  override async room(): Promise<number | null> {
    if (!this.full) return super.room();
    // The first look after the pause still finds no room; the second finds some (the user freed space).
    this.roomChecks += 1;
    if (this.roomChecks < 2) return 0;
    this.full = false;
    return super.room();
  }
}

test('out of storage mid-file: both sides pause with the reason, then it goes on and the files arrive intact', async () => {
  const small = {
    chunkSize: 64 * 1024,
    highWaterMark: 512 * 1024,
    lowWaterMark: 128 * 1024,
    windowBytes: 2 * 1024 * 1024,
  };
  const a = makeFile('a.bin', 200_000);
  const b = makeFile('b.bin', 1024 * 1024 + 5);
  const pair = createMemoryChannelPair({ bytesPerTick: 256 * 1024 });
  const storage = new FillingStorage(500_000);
  const tx = createSender(pair.a, [a.file, b.file], small);
  const rx = createReceiver(pair.b, storage, { storageRetryMs: 20 });
  const seen: string[] = [];
  const pausedWith: TransferError[] = [];
  const watch = (side: string, on: (typeof tx)['on']) => {
    on('paused', ({ error }) => {
      seen.push(`${side} paused`);
      pausedWith.push(error);
    });
    on('resumed', () => seen.push(`${side} resumed`));
  };
  watch('tx', tx.on.bind(tx));
  watch('rx', rx.on.bind(rx) as (typeof tx)['on']);
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(seen.sort(), ['rx paused', 'rx resumed', 'tx paused', 'tx resumed']);
  for (const e of pausedWith) {
    assert.equal(e.code, 'storage-full');
    assert.match(e.message, /ran out of storage space/);
  }
  assert.deepEqual(
    rxr.files.map((f) => f.status),
    ['ok', 'ok'],
  );
  assert.deepEqual(
    txr.files.map((f) => f.status),
    ['ok', 'ok'],
  );
  assert.equal(sha256(await receivedBytes(rx, 0)), sha256(a.bytes));
  assert.equal(sha256(await receivedBytes(rx, 1)), sha256(b.bytes));
  // Only what was not stored went again: file a (verified before) was sent once.
  assert.equal(tx.sentBytes[0], a.bytes.length);
});
