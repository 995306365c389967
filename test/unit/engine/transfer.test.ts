import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChannelMessage, createMemoryChannelPair } from '../../../src/client/engine/channel.ts';
import {
  CancelledError,
  DigestMismatchError,
  PeerGoneError,
  StorageFullError,
  type TransferError,
} from '../../../src/client/engine/errors.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { createSender } from '../../../src/client/engine/sender.ts';
import { MemoryStorage } from '../../../src/client/engine/storage.ts';
import { decodeFrameHeader, FRAME_HEADER_BYTES } from '../../../src/shared/transfer-protocol.ts';
import { makeFile, receivedBytes, sha256, waitFor } from './helpers.ts';

const small = {
  chunkSize: 64 * 1024,
  highWaterMark: 512 * 1024,
  lowWaterMark: 128 * 1024,
  windowBytes: 2 * 1024 * 1024,
};

test('several files (empty, non-Latin, markup, folders) arrive byte-identical with matching SHA-256', async () => {
  const inputs = [
    makeFile('empty.bin', 0),
    makeFile('Домашнее задание №1 — 日本語.pdf', 1),
    makeFile('<b>markup</b>.html', 100_000),
    makeFile('big.bin', 3 * 1024 * 1024 + 17),
  ];
  const folderFile = makeFile('inner.txt', 5000);
  const pair = createMemoryChannelPair();
  const tx = createSender(
    pair.a,
    [...inputs.map((i) => i.file), { file: folderFile.file, name: 'folder/sub/inner.txt' }],
    small,
  );
  const rx = createReceiver(pair.b, new MemoryStorage());
  const progress: number[] = [];
  rx.on('progress', (p) => progress.push(p.overall.percent));
  const manifests: string[][] = [];
  rx.on('manifest', (m) => manifests.push(m.files.map((f) => f.name)));
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(manifests[0], [
    'empty.bin',
    'Домашнее задание №1 — 日本語.pdf',
    '<b>markup<_b>.html',
    'big.bin',
    'folder/sub/inner.txt',
  ]);
  const all = [...inputs, folderFile];
  for (let i = 0; i < all.length; i++) {
    const want = sha256((all[i] as { bytes: Uint8Array }).bytes);
    assert.equal(rxr.files[i]?.status, 'ok');
    assert.equal(rxr.files[i]?.sha256, want);
    assert.equal(txr.files[i]?.sha256, want);
    assert.equal(sha256(await receivedBytes(rx, i)), want);
  }
  assert.equal((await rx.getReceivedFile(1)).name, 'Домашнее задание №1 — 日本語.pdf');
  assert.equal((await rx.getReceivedFile(4)).name, 'inner.txt');
  assert.equal(progress.at(-1), 100);
  assert.deepEqual(
    tx.sentBytes,
    all.map((f) => f.bytes.length),
  );
});

test('flow control: the channel buffer stays under the high-water mark', async () => {
  const f = makeFile('a.bin', 4 * 1024 * 1024);
  const pair = createMemoryChannelPair({ bytesPerTick: 256 * 1024 });
  let maxBuffered = 0;
  const origSend = pair.a.send.bind(pair.a);
  pair.a.send = (d: ChannelMessage) => {
    origSend(d);
    maxBuffered = Math.max(maxBuffered, pair.a.bufferedAmount);
  };
  const tx = createSender(pair.a, [f.file], small);
  const rx = createReceiver(pair.b, new MemoryStorage());
  await Promise.all([tx.done, rx.done]);
  assert.ok(maxBuffered <= small.highWaterMark + FRAME_HEADER_BYTES, `buffered up to ${maxBuffered}`);
  assert.ok(maxBuffered > small.lowWaterMark, 'the channel was kept full');
});

test('frames are 16-byte header + payload, at most the chunk size, offsets contiguous', async () => {
  const f = makeFile('a.bin', 300_000);
  const seen: [number, number][] = [];
  const pair = createMemoryChannelPair({
    tamper: (d, from) => {
      if (from === 'a' && typeof d !== 'string') {
        const h = decodeFrameHeader(d);
        seen.push([h.offset, d.byteLength - FRAME_HEADER_BYTES]);
      }
      return d;
    },
  });
  const tx = createSender(pair.a, [f.file], { ...small, chunkSize: 100_000 });
  const rx = createReceiver(pair.b, new MemoryStorage());
  await Promise.all([tx.done, rx.done]);
  assert.deepEqual(seen, [
    [0, 100_000],
    [100_000, 100_000],
    [200_000, 100_000],
  ]);
});

test('cut half-way and resumed over a new channel: byte-identical, finished files not resent', async () => {
  const a = makeFile('first.bin', 1024 * 1024);
  const b = makeFile('second.bin', 6 * 1024 * 1024 + 3);
  const storage = new MemoryStorage();
  const p1 = createMemoryChannelPair({ bytesPerTick: 256 * 1024, tickMs: 5 });
  const tx = createSender(p1.a, [a.file, b.file], { ...small, transferId: 'resume-test' });
  const rx = createReceiver(p1.b, storage, { progressIntervalMs: 10 });
  const disconnects: string[] = [];
  tx.on('disconnected', (e) => disconnects.push(`tx:${e.error.code}`));
  rx.on('disconnected', (e) => disconnects.push(`rx:${e.error.code}`));
  let rxBytes = 0;
  rx.on('progress', (p) => (rxBytes = p.overall.bytes));
  await waitFor(() => rxBytes > 4 * 1024 * 1024);
  p1.cut();
  assert.deepEqual(disconnects.sort(), ['rx:peer-gone', 'tx:peer-gone']);
  const starts: [number, number][] = [];
  tx.on('file-start', (e) => starts.push([e.index, e.offset]));
  const p2 = createMemoryChannelPair();
  rx.attach(p2.b);
  tx.attach(p2.a);
  const [, rxr] = await Promise.all([tx.done, rx.done]);
  assert.equal(starts.length, 1, 'only the unfinished file is sent again');
  assert.equal(starts[0]?.[0], 1);
  assert.ok((starts[0]?.[1] ?? 0) > 2 * 1024 * 1024, `resumed from ${starts[0]?.[1]}`);
  assert.equal(tx.sentBytes[0], a.bytes.length, 'first file sent exactly once');
  assert.ok((tx.sentBytes[1] ?? 0) < b.bytes.length + small.windowBytes + small.highWaterMark);
  assert.equal(sha256(await receivedBytes(rx, 0)), sha256(a.bytes));
  assert.equal(sha256(await receivedBytes(rx, 1)), sha256(b.bytes));
  assert.equal(rxr.files[1]?.sha256, sha256(b.bytes));
});

/**
 * A one-file transfer whose receiver's digest check (`finish`) waits until `release()`, its connection cut while
 * that check is running.
 */
async function cutWhileChecking(name: string, size: number, transferId: string) {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let checking = false;
  class SlowFinishStorage extends MemoryStorage {
    override async finish(index: number): Promise<string> {
      checking = true;
      await gate;
      return super.finish(index);
    }
  }
  const f = makeFile(name, size);
  const p1 = createMemoryChannelPair();
  const tx = createSender(p1.a, [f.file], { ...small, transferId });
  const rx = createReceiver(p1.b, new SlowFinishStorage());
  await waitFor(() => checking);
  p1.cut();
  return { f, tx, rx, release: () => release() };
}

test('a digest check still running when the connection drops settles the file; it is not checked or sent again', async () => {
  const { f, tx, rx, release } = await cutWhileChecking('scan.bin', 3 * 1024 * 1024, 'slow-check');
  const errors: string[] = [];
  rx.on('file-error', (e) => errors.push(e.error.code));
  const p2 = createMemoryChannelPair();
  rx.attach(p2.b);
  tx.attach(p2.a);
  await new Promise((r) => setTimeout(r, 20)); // the new connection's manifest is waiting for the check
  release();
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.deepEqual(errors, [], 'no digest mismatch from a second check');
  assert.equal(tx.sentBytes[0], f.bytes.length, 'sent exactly once');
  assert.equal(rxr.files[0]?.sha256, sha256(f.bytes));
  assert.equal(txr.files[0]?.status, 'ok');
  assert.equal(sha256(await receivedBytes(rx, 0)), sha256(f.bytes));
});

test('the last check ends while the connection is down: the receiver waits to tell the sender, which then marks the file arrived', async () => {
  const { f, tx, rx, release } = await cutWhileChecking('last.bin', 2 * 1024 * 1024, 'late-report');
  const senderDone: number[] = [];
  tx.on('file-done', (e) => senderDone.push(e.index));
  release();
  await waitFor(() => rx.statuses[0] === 'ok');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(rx.isFinished, false, 'not finished before the sender has heard it');

  const p2 = createMemoryChannelPair();
  rx.attach(p2.b);
  tx.attach(p2.a);
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.equal(rxr.files[0]?.status, 'ok');
  assert.equal(txr.files[0]?.status, 'ok');
  assert.equal(txr.files[0]?.sha256, sha256(f.bytes));
  assert.deepEqual(senderDone, [0], 'the sender marks the file arrived (its file-ok was lost with the connection)');
  assert.equal(tx.sentBytes[0], f.bytes.length, 'nothing sent again');
});

test('a page that drops the connection on the final progress event sees the transfer done, not a disconnect', async () => {
  const f = makeFile('end.bin', 300_000);
  const pair = createMemoryChannelPair();
  const tx = createSender(pair.a, [f.file], { ...small, transferId: 'cut-at-end' });
  const rx = createReceiver(pair.b, new MemoryStorage());
  const seen: string[] = [];
  rx.on('progress', (p) => {
    if (p.overall.percent === 100 && rx.statuses.every((s) => s === 'ok')) pair.cut();
  });
  rx.on('disconnected', () => seen.push('disconnected'));
  rx.on('done', () => seen.push('done'));
  assert.equal((await rx.done).files[0]?.sha256, sha256(f.bytes));
  assert.deepEqual(seen, ['done']);
  tx.cancel();
});

test('a receiver re-created on the same storage (page reload) resumes from the stored bytes', async () => {
  const b = makeFile('x.bin', 4 * 1024 * 1024);
  const storage = new MemoryStorage();
  const p1 = createMemoryChannelPair({ bytesPerTick: 128 * 1024, tickMs: 5 });
  const tx = createSender(p1.a, [b.file], { ...small, transferId: 'reload-test' });
  const rx1 = createReceiver(p1.b, storage, { progressIntervalMs: 10 });
  let stored = 0;
  rx1.on('progress', (p) => (stored = p.overall.bytes));
  await waitFor(() => stored > 1024 * 1024);
  p1.cut();
  rx1.detach();
  const rx2 = createReceiver(null, storage, { expectTransferId: 'reload-test' });
  const starts: number[] = [];
  tx.on('file-start', (e) => starts.push(e.offset));
  const p2 = createMemoryChannelPair();
  rx2.attach(p2.b);
  tx.attach(p2.a);
  await Promise.all([tx.done, rx2.done]);
  assert.ok((starts[0] ?? 0) >= 1024 * 1024);
  assert.equal(sha256(await receivedBytes(rx2, 0)), sha256(b.bytes));
});

test('digest mismatch is a loud typed error and the file is sent again', async () => {
  const f = makeFile('c.bin', 500_000);
  const g = makeFile('d.bin', 10_000);
  let corrupted = false;
  const pair = createMemoryChannelPair({
    tamper: (d, from) => {
      if (!corrupted && from === 'a' && typeof d !== 'string') {
        corrupted = true;
        const copy = d.slice(0);
        const u = new Uint8Array(copy);
        u[FRAME_HEADER_BYTES + 10] = (u[FRAME_HEADER_BYTES + 10] as number) ^ 0xff;
        return copy;
      }
      return d;
    },
  });
  const tx = createSender(pair.a, [f.file, g.file], small);
  const rx = createReceiver(pair.b, new MemoryStorage());
  const rxErrors: TransferError[] = [];
  const txErrors: TransferError[] = [];
  rx.on('file-error', (e) => rxErrors.push(e.error));
  tx.on('file-error', (e) => txErrors.push(e.error));
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.equal(rxErrors.length, 1);
  assert.ok(rxErrors[0] instanceof DigestMismatchError);
  assert.equal(rxErrors[0]?.code, 'digest-mismatch');
  assert.equal(rxErrors[0]?.index, 0);
  assert.ok(txErrors[0] instanceof DigestMismatchError);
  assert.equal(rxr.files[0]?.status, 'ok');
  assert.equal(txr.files[0]?.status, 'ok');
  assert.equal(sha256(await receivedBytes(rx, 0)), sha256(f.bytes));
  assert.equal(tx.sentBytes[0], 2 * f.bytes.length, 'sent twice');
});

test('a file corrupted every time fails after maxAttempts, never saved silently', async () => {
  const f = makeFile('c.bin', 1000);
  const pair = createMemoryChannelPair({
    tamper: (d, from) => {
      if (from === 'a' && typeof d !== 'string') {
        const copy = d.slice(0);
        const u = new Uint8Array(copy);
        u[FRAME_HEADER_BYTES] = (u[FRAME_HEADER_BYTES] as number) ^ 1;
        return copy;
      }
      return d;
    },
  });
  const tx = createSender(pair.a, [f.file], small);
  const rx = createReceiver(pair.b, new MemoryStorage(), { maxAttempts: 2 });
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.equal(rxr.files[0]?.status, 'failed');
  assert.equal(txr.files[0]?.status, 'failed');
  await assert.rejects(rx.getReceivedFile(0));
});

test('cancel one file from the receiver: the others still arrive', async () => {
  const a = makeFile('a.bin', 2 * 1024 * 1024);
  const b = makeFile('b.bin', 1000);
  const pair = createMemoryChannelPair({ bytesPerTick: 128 * 1024 });
  const tx = createSender(pair.a, [a.file, b.file], small);
  const rx = createReceiver(pair.b, new MemoryStorage());
  const cancelled: string[] = [];
  tx.on('file-cancelled', (e) => cancelled.push(`tx:${e.index}:${e.byPeer}`));
  rx.on('file-start', (e) => {
    if (e.index === 0) rx.cancel(0);
  });
  const [txr, rxr] = await Promise.all([tx.done, rx.done]);
  assert.equal(rxr.files[0]?.status, 'cancelled');
  assert.equal(txr.files[0]?.status, 'cancelled');
  assert.equal(rxr.files[1]?.status, 'ok');
  assert.deepEqual(cancelled, ['tx:0:true']);
  assert.ok((tx.sentBytes[0] ?? 0) < a.bytes.length);
  assert.equal(sha256(await receivedBytes(rx, 1)), sha256(b.bytes));
});

test('cancel all from the sender rejects both sides with CancelledError', async () => {
  const a = makeFile('a.bin', 4 * 1024 * 1024);
  const pair = createMemoryChannelPair({ bytesPerTick: 64 * 1024 });
  const tx = createSender(pair.a, [a.file], small);
  const rx = createReceiver(pair.b, new MemoryStorage());
  rx.on('file-start', () => tx.cancel());
  await assert.rejects(tx.done, (e: unknown) => e instanceof CancelledError && !e.byPeer);
  await assert.rejects(rx.done, (e: unknown) => e instanceof CancelledError && e.byPeer && e.code === 'cancelled');
});

test('no common version: both sides fail with a version error', async () => {
  const pair = createMemoryChannelPair();
  const tx = createSender(pair.a, [makeFile('a', 1).file], { versions: [2] });
  const rx = createReceiver(pair.b, new MemoryStorage(), { versions: [1] });
  await assert.rejects(tx.done, (e: TransferError) => e.code === 'version');
  await assert.rejects(rx.done, (e: TransferError) => e.code === 'version');
});

for (const dialer of ['receiver', 'sender'] as const) {
  test(`the ${dialer} dialed: the accepting side, attached first, speaks only in answer to its hello`, async () => {
    // A message sent to an end that is not open yet is lost (the memory pair drops what reaches an end
    // with no handler; Chromium did the same to the accepting side's first message).
    const pair = createMemoryChannelPair();
    const [senderEnd, receiverEnd] = dialer === 'sender' ? [pair.a, pair.b] : [pair.b, pair.a];
    const f = makeFile('a.bin', 300_000);
    const tx = createSender(null, [f.file], small);
    const rx = createReceiver(null, new MemoryStorage());
    const firstSpeaker: string[] = [];
    for (const [end, name] of [
      [pair.a, 'dialer'],
      [pair.b, 'acceptor'],
    ] as const) {
      const send = end.send.bind(end);
      end.send = (data) => {
        if (firstSpeaker.length === 0) firstSpeaker.push(name);
        send(data);
      };
    }
    if (dialer === 'sender') rx.attach(receiverEnd);
    else tx.attach(senderEnd);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(firstSpeaker, [], 'the accepting side sent before the dialer');
    if (dialer === 'sender') tx.attach(senderEnd);
    else rx.attach(receiverEnd);
    const [, rxr] = await Promise.all([tx.done, rx.done]);
    assert.deepEqual(firstSpeaker, ['dialer']);
    assert.equal(rxr.files[0]?.sha256, sha256(f.bytes));
  });
}

test('storage full on the receiver stops both sides with StorageFullError (paused until there is room)', async () => {
  class TinyStorage extends MemoryStorage {
    #n = 0;
    override append(index: number, buffer: ArrayBuffer, off: number, len: number): void {
      this.#n += len;
      if (this.#n > 200_000) {
        const err = new StorageFullError();
        queueMicrotask(() => this.onerror?.(err));
        return;
      }
      super.append(index, buffer, off, len);
    }
    override async room(): Promise<number | null> {
      return this.#n > 200_000 ? 0 : super.room();
    }
  }
  const pair = createMemoryChannelPair();
  const tx = createSender(pair.a, [makeFile('a', 1024 * 1024).file], small);
  const rx = createReceiver(pair.b, new TinyStorage(), { storageRetryMs: 10 });
  const paused = (ep: { on: typeof tx.on }) =>
    new Promise<TransferError>((resolve) => ep.on('paused', ({ error }) => resolve(error)));
  const [rxError, txError] = await Promise.all([paused(rx as unknown as { on: typeof tx.on }), paused(tx)]);
  assert.ok(rxError instanceof StorageFullError);
  assert.equal(txError.code, 'storage-full');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(rx.isFinished || tx.isFinished, false, 'waiting for room, not failed');
  rx.cancel();
  await assert.rejects(rx.done, (e: unknown) => e instanceof CancelledError);
  await assert.rejects(tx.done, (e: unknown) => e instanceof CancelledError);
});

test('peer gone without reconnect: disconnected event, then PeerGoneError after the deadline', async () => {
  const pair = createMemoryChannelPair({ bytesPerTick: 64 * 1024 });
  const tx = createSender(pair.a, [makeFile('a', 2 * 1024 * 1024).file], { ...small, reconnectTimeoutMs: 100 });
  const rx = createReceiver(pair.b, new MemoryStorage(), { reconnectTimeoutMs: 100 });
  rx.on('file-start', () => setTimeout(() => pair.cut(), 5));
  let disconnected = 0;
  tx.on('disconnected', () => disconnected++);
  await assert.rejects(tx.done, (e: unknown) => e instanceof PeerGoneError && !e.recoverable);
  await assert.rejects(rx.done, (e: unknown) => e instanceof PeerGoneError);
  assert.equal(disconnected, 1);
});

test('a silent peer is detected by the idle timeout', async () => {
  const pair = createMemoryChannelPair();
  // The receiver end never answers anything: no receiver attached.
  const tx = createSender(pair.a, [makeFile('a', 10).file], {
    idleTimeoutMs: 150,
    pingIntervalMs: 50,
    reconnectTimeoutMs: 50,
  });
  await assert.rejects(tx.done, (e: unknown) => e instanceof PeerGoneError);
});

test('garbage from the peer is a protocol error, not a crash', async () => {
  const pair = createMemoryChannelPair();
  const rx = createReceiver(pair.b, new MemoryStorage());
  pair.a.send(JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' }));
  pair.a.send(
    '{"t":"manifest","version":1,"transferId":"x","files":[{"index":0,"name":"../../x","size":1,"type":""}]}',
  );
  await assert.rejects(rx.done, (e: TransferError) => e.code === 'protocol');
});
