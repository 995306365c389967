/**
 * A hostile (or broken) sender repeats a file's digest while the receiver is still checking it. The second
 * digest must not start a second check of the same bytes: that check saw an already finished hash, called it
 * a mismatch and deleted the file the first check had just reported verified.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChannelMessage, createMemoryChannelPair } from '../../../src/client/engine/channel.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { MemoryStorage } from '../../../src/client/engine/storage.ts';
import { encodeDataFrame } from '../../../src/shared/transfer-protocol.ts';
import { makeFile, receivedBytes, sha256, waitFor } from './helpers.ts';

/** A store that answers through a worker, in order: the second `finish` answers while `markDone` is still on its way. */
class WorkerLikeStorage extends MemoryStorage {
  override async finish(index: number): Promise<string> {
    await new Promise((r) => setTimeout(r, 5));
    return super.finish(index);
  }
  override async markDone(index: number, sha256: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 30));
    return super.markDone(index, sha256);
  }
}

test('a second identical digest while the file is being verified neither fails nor deletes it', async () => {
  const pair = createMemoryChannelPair();
  const rx = createReceiver(pair.b, new WorkerLikeStorage());
  const f = makeFile('report.pdf', 200_000);
  const heard: Record<string, unknown>[] = [];
  pair.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') heard.push(JSON.parse(m) as Record<string, unknown>);
  };
  const events: string[] = [];
  rx.on('file-done', () => events.push('file-done'));
  rx.on('file-error', (e) => events.push(`file-error:${e.error.code}`));

  pair.a.send(JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' }));
  await waitFor(() => heard.some((m) => m.t === 'hello'));
  pair.a.send(
    JSON.stringify({
      t: 'manifest',
      version: 1,
      transferId: 'dup',
      files: [{ index: 0, name: 'report.pdf', size: f.bytes.length, type: '', lastModified: 0 }],
    }),
  );
  await waitFor(() => heard.some((m) => m.t === 'have'));
  for (let at = 0; at < f.bytes.length; at += 64 * 1024)
    pair.a.send(encodeDataFrame(0, at, f.bytes.subarray(at, at + 64 * 1024)));
  const digest = JSON.stringify({ t: 'digest', index: 0, size: f.bytes.length, sha256: sha256(f.bytes) });
  pair.a.send(digest);
  pair.a.send(digest);

  await waitFor(() => heard.some((m) => m.t === 'file-ok' || m.t === 'file-bad'));
  await new Promise((r) => setTimeout(r, 100)); // a second check, if one ran, has finished by now
  assert.equal(rx.statuses[0], 'ok');
  assert.deepEqual(events, ['file-done']);
  assert.deepEqual(
    heard.filter((m) => m.t === 'file-ok' || m.t === 'file-bad').map((m) => m.t),
    ['file-ok'],
  );
  assert.equal(sha256(await receivedBytes(rx, 0)), sha256(f.bytes), 'the verified file is still there');
  await rx.done;
});
