/**
 * A peer that speaks the wire itself (a guest who knows the PIN and runs their own code) cannot make the
 * receiving page hold more than it can: claims past the room, floods of control messages, huge manifests
 * and transfers that never end are all refused with a clear reason.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ChannelMessage,
  createMemoryChannelPair,
  type MemoryChannelPair,
} from '../../../src/client/engine/channel.ts';
import { StalledError } from '../../../src/client/engine/errors.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { createSender } from '../../../src/client/engine/sender.ts';
import { MemoryStorage } from '../../../src/client/engine/storage.ts';
import { MEMORY_STORAGE_LIMIT_BYTES } from '../../../src/client/engine/storage-room.ts';
import { MAX_FILES } from '../../../src/shared/transfer-limits.ts';
import {
  CONTROL_MESSAGES_PER_SECOND,
  encodeDataFrame,
  type ManifestFile,
} from '../../../src/shared/transfer-protocol.ts';
import { failure, makeFile } from './helpers.ts';

const GiB = 1024 * 1024 * 1024;

/** The dialing end of a pair, driven by hand: what a hostile sender's own code would do. */
function hostileSender(pair: MemoryChannelPair) {
  const heard: unknown[] = [];
  pair.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') heard.push(JSON.parse(m));
  };
  const send = (msg: object) => pair.a.send(JSON.stringify(msg));
  send({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' });
  return {
    heard,
    send,
    manifest(files: Partial<ManifestFile>[], transferId = 'hostile') {
      send({
        t: 'manifest',
        version: 1,
        transferId,
        files: files.map((f, index) => ({ index, name: `f${index}.bin`, size: 0, type: '', lastModified: 0, ...f })),
      });
    },
  };
}

test('memory storage refuses a "1 TiB" offer up front, and says what happened', async () => {
  const pair = createMemoryChannelPair();
  const rx = createReceiver(pair.b, new MemoryStorage());
  const peer = hostileSender(pair);
  peer.manifest([{ size: 1024 * GiB }]);
  const e = await failure(rx);
  assert.equal(e.code, 'storage-full');
  assert.match(e.message, /need 1\.0 TiB/);
  assert.match(e.message, /in memory/);
  // The peer is told the same words.
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(
    peer.heard.some(
      (m) => (m as { t: string; code?: string }).t === 'error' && (m as { code: string }).code === 'storage-full',
    ),
    JSON.stringify(peer.heard),
  );
});

test('memory stores of one page share one limit: a second guest cannot count memory the first was offered', async () => {
  const share = Math.floor(MEMORY_STORAGE_LIMIT_BYTES * 0.6);
  const first = createMemoryChannelPair();
  const second = createMemoryChannelPair();
  const rx1 = createReceiver(first.b, new MemoryStorage());
  const rx2 = createReceiver(second.b, new MemoryStorage());
  const p1 = hostileSender(first);
  const p2 = hostileSender(second);
  p1.manifest([{ size: share }]);
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(
    p1.heard.some((m) => (m as { t: string }).t === 'have'),
    'the first offer fits and is answered',
  );
  p2.manifest([{ size: share }]);
  const e = await failure(rx2);
  assert.equal(e.code, 'storage-full');
  rx1.cancel();
  await rx1.done.catch(() => {});
});

test('a flood of pings disconnects the peer with a clear reason', async () => {
  const pair = createMemoryChannelPair();
  const rx = createReceiver(pair.b, new MemoryStorage());
  let closedByReceiver = false;
  const close = pair.b.close.bind(pair.b);
  pair.b.close = () => {
    closedByReceiver = true;
    close();
  };
  const peer = hostileSender(pair);
  for (let i = 0; i < 5 * CONTROL_MESSAGES_PER_SECOND; i++) peer.send({ t: 'ping' });
  const e = await failure(rx);
  // At once: no grace for a last word, in which the flood would go on costing the page an event per message.
  assert.ok(closedByReceiver, 'the receiver closed the connection as it failed');
  assert.equal(e.code, 'protocol');
  assert.match(e.message, /control messages a second/);
  assert.equal(e.fault, 'control-flood', 'the page has its own sentence for it');
});

test('an honest folder of 1,500 empty files (a digest per file at once) stays within the budget', async () => {
  const pair = createMemoryChannelPair();
  const files = Array.from({ length: 1500 }, (_, i) => ({ file: new Blob([]), name: `empty/${i}.txt` }));
  const tx = createSender(pair.a, files);
  const rx = createReceiver(pair.b, new MemoryStorage());
  const [, r] = await Promise.all([tx.done, rx.done]);
  assert.equal(r.files.filter((f) => f.status === 'ok').length, 1500);
});

test(`a manifest of more than ${MAX_FILES} files is a protocol error`, async () => {
  // A stack of the peer's own choosing may send messages larger than Chromium's 256 KiB.
  const pair = createMemoryChannelPair({ maxMessageSize: 16 * 1024 * 1024 });
  const rx = createReceiver(pair.b, new MemoryStorage());
  hostileSender(pair).manifest(Array.from({ length: MAX_FILES + 1 }, () => ({ size: 1 })));
  const e = await failure(rx);
  assert.equal(e.code, 'protocol');
  assert.match(e.message, /too many files/);
  assert.throws(
    () =>
      createSender(
        null,
        Array.from({ length: MAX_FILES + 1 }, () => makeFile('x', 0).file),
      ),
    /At most/,
  );
});

test('all bytes but never a digest (the peer only pings): the receiver times out instead of "Receiving…" forever', async () => {
  const pair = createMemoryChannelPair();
  const rx = createReceiver(pair.b, new MemoryStorage(), { stallTimeoutMs: 300, pingIntervalMs: 50 });
  const peer = hostileSender(pair);
  peer.manifest([{ size: 4 }]);
  await new Promise((r) => setTimeout(r, 50));
  pair.a.send(encodeDataFrame(0, 0, new Uint8Array([1, 2, 3, 4])));
  const pinging = setInterval(() => peer.send({ t: 'ping' }), 20);
  try {
    const e = await failure(rx);
    assert.ok(e instanceof StalledError, `${e.name}: ${e.message}`);
    assert.match(e.message, /Nothing has arrived/);
  } finally {
    clearInterval(pinging);
  }
});
