/**
 * The file list in parts (version 2): an honest list of thousands of files fits any data channel, and a hostile
 * sender's parts — missing, repeated, too large, adding up wrong, too many, or never finished — are refused
 * with a clear reason before the receiver takes the list, holding no more than the announced entries.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ChannelMessage,
  createMemoryChannelPair,
  type MemoryChannelPair,
} from '../../../src/client/engine/channel.ts';
import { ProtocolError, type TransferError } from '../../../src/client/engine/errors.ts';
import { ListParts, splitIntoParts } from '../../../src/client/engine/list-parts.ts';
import { ManifestAssembler } from '../../../src/client/engine/manifest-assembler.ts';
import { createReceiver } from '../../../src/client/engine/receiver.ts';
import { createSender } from '../../../src/client/engine/sender.ts';
import { MemoryStorage } from '../../../src/client/engine/storage.ts';
import { MAX_FILES } from '../../../src/shared/transfer-limits.ts';
import {
  MAX_MANIFEST_PARTS,
  MAX_PART_ENTRIES,
  type ManifestFile,
  type ManifestHeadMessage,
  parseControlMessage,
  SAFE_MESSAGE_BYTES,
} from '../../../src/shared/transfer-protocol.ts';
import { failure, receivedBytes } from './helpers.ts';

const entry = (index: number, size = 1): ManifestFile => ({
  index,
  name: `folder/f${index}.txt`,
  size,
  type: '',
  lastModified: 0,
});
const entries = (from: number, count: number, size = 1) =>
  Array.from({ length: count }, (_, i) => entry(from + i, size));
const head = (o: Partial<ManifestHeadMessage>): ManifestHeadMessage => ({
  t: 'manifest-head',
  version: 2,
  transferId: 'parts',
  fileCount: 4,
  totalBytes: 4,
  parts: 2,
  ...o,
});
const part = (n: number, files: ManifestFile[]) => ({ t: 'manifest-part' as const, part: n, files });

describe('the manifest assembler', () => {
  test('takes the announced parts in order and gives the whole list only at the last one', () => {
    const a = new ManifestAssembler(head({}));
    assert.equal(a.add(part(0, entries(0, 2))), null);
    assert.equal(a.files, null);
    const files = a.add(part(1, entries(2, 2)));
    assert.deepEqual(
      files?.map((f) => f.index),
      [0, 1, 2, 3],
    );
  });

  test('an empty list is whole at its head', () => {
    assert.deepEqual(new ManifestAssembler(head({ fileCount: 0, totalBytes: 0, parts: 0 })).files, []);
    assert.throws(() => new ManifestAssembler(head({ fileCount: 0, totalBytes: 5, parts: 0 })), /5 bytes in no files/);
  });

  test('a missing part: the next one is refused', () => {
    const a = new ManifestAssembler(head({ fileCount: 6, totalBytes: 6, parts: 3 }));
    a.add(part(0, entries(0, 2)));
    assert.throws(
      () => a.add(part(2, entries(2, 2))),
      (e) => e instanceof ProtocolError && /part 2 came before part 1/.test(e.message),
    );
  });

  test('a part sent twice is refused, and so is one that overlaps the last', () => {
    const a = new ManifestAssembler(head({ fileCount: 6, totalBytes: 6, parts: 3 }));
    a.add(part(0, entries(0, 2)));
    assert.throws(() => a.add(part(0, entries(0, 2))), /part 0 came twice/);
    const b = new ManifestAssembler(head({ fileCount: 6, totalBytes: 6, parts: 3 }));
    b.add(part(0, entries(0, 2)));
    assert.throws(() => b.add(part(1, entries(1, 2))), /file 1 where file 2 comes next/);
  });

  test('a part too large: over the entries a part may hold, or past the files announced', () => {
    const tooMany = JSON.stringify(part(0, entries(0, MAX_PART_ENTRIES + 1)));
    assert.throws(() => parseControlMessage(tooMany), /too many files \(1001; at most 1000\)/);
    const a = new ManifestAssembler(head({ fileCount: 3, totalBytes: 3, parts: 2 }));
    assert.throws(() => a.add(part(0, entries(0, 4))), /goes past the 3 files announced/);
  });

  test('totals that do not add up are refused: sizes over, sizes under, fewer files', () => {
    const over = new ManifestAssembler(head({ fileCount: 2, totalBytes: 10, parts: 1 }));
    assert.throws(() => over.add(part(0, [entry(0, 6), entry(1, 6)])), /more than the 10 bytes announced/);
    const under = new ManifestAssembler(head({ fileCount: 2, totalBytes: 10, parts: 1 }));
    assert.throws(() => under.add(part(0, [entry(0, 1), entry(1, 1)])), /add up to 2 bytes, but 10 were announced/);
    const fewer = new ManifestAssembler(head({ fileCount: 4, totalBytes: 2, parts: 2 }));
    fewer.add(part(0, entries(0, 1)));
    assert.throws(() => fewer.add(part(1, entries(1, 1))), /2 files in all, but 4 were announced/);
  });

  test('too many parts: over the cap, more parts than files, a part past the announced ones', () => {
    const over = JSON.stringify(head({ fileCount: MAX_FILES, totalBytes: 0, parts: MAX_MANIFEST_PARTS + 1 }));
    assert.throws(() => parseControlMessage(over), /manifest-head\/parts/);
    assert.throws(() => parseControlMessage(JSON.stringify(head({ fileCount: MAX_FILES + 1 }))), /fileCount/);
    assert.throws(() => new ManifestAssembler(head({ fileCount: 2, parts: 3 })), /3 parts for 2 files/);
    assert.throws(
      () => new ManifestAssembler(head({ fileCount: 2 * MAX_PART_ENTRIES + 1, parts: 2 })),
      /2001 files in 2 parts/,
    );
    const a = new ManifestAssembler(head({ fileCount: 4, totalBytes: 4, parts: 1 }));
    assert.throws(() => a.add(part(1, entries(0, 4))), /part 1, but 1 were announced/);
  });
});

describe('each forged case is named, so the page can say which', () => {
  const faultOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return (e as TransferError).fault;
    }
    assert.fail('expected a refusal');
  };
  const twoParts = () => {
    const a = new ManifestAssembler(head({ fileCount: 4, totalBytes: 4, parts: 2 }));
    a.add(part(0, entries(0, 2)));
    return a;
  };

  test('out of order: a part twice, a part early, a file out of place; in have/done too', () => {
    assert.equal(
      faultOf(() => twoParts().add(part(0, entries(0, 2)))),
      'list-order',
    );
    assert.equal(
      faultOf(() => new ManifestAssembler(head({ parts: 3 })).add(part(1, entries(0, 1)))),
      'list-order',
    );
    assert.equal(
      faultOf(() => twoParts().add(part(1, entries(3, 2)))),
      'list-order',
    );
    assert.equal(
      faultOf(() => new ListParts('have', 5).add([{ index: 1 }], true)),
      'list-order',
    );
  });

  test('totals: sizes over or under, fewer files, an announcement that cannot add up', () => {
    assert.equal(
      faultOf(() => twoParts().add(part(1, [entry(2, 9), entry(3)]))),
      'list-totals',
    );
    assert.equal(
      faultOf(() => twoParts().add(part(1, [entry(2, 0), entry(3, 0)]))),
      'list-totals',
    );
    assert.equal(
      faultOf(() => new ManifestAssembler(head({ fileCount: 0, totalBytes: 5, parts: 0 }))),
      'list-totals',
    );
    assert.equal(
      faultOf(() => new ListParts('done', 5).add([{ index: 0 }], false)),
      'list-totals',
    );
  });

  test('too many: past the announced files or parts, or over what a transfer may hold', () => {
    assert.equal(
      faultOf(() => twoParts().add(part(1, entries(2, 3)))),
      'list-too-many',
    );
    assert.equal(
      faultOf(() => twoParts().add(part(2, entries(2, 2)))),
      'list-too-many',
    );
    assert.equal(
      faultOf(() => new ListParts('done', 1).add([{ index: 0 }, { index: 1 }], false)),
      'list-too-many',
    );
    const pair = createMemoryChannelPair({ maxMessageSize: 16 * 1024 * 1024 });
    const rx = createReceiver(pair.b, new MemoryStorage());
    hostileSender(pair).send({ t: 'manifest', version: 1, transferId: 'many', files: entries(0, MAX_FILES + 1) });
    return failure(rx).then((e) => assert.equal(e.fault, 'list-too-many'));
  });
});

describe('splitting a list into parts', () => {
  test('every part fits the message limit as UTF-8 and holds at most the cap; the order is kept', () => {
    // Names of 3-byte characters: the limit is in bytes, not in characters.
    const files = Array.from({ length: 2500 }, (_, i) => ({
      ...entry(i),
      name: `ファイル${'あ'.repeat(i % 200)}.txt`,
    }));
    const parts = splitIntoParts(files, SAFE_MESSAGE_BYTES);
    for (const [n, p] of parts.entries()) {
      const bytes = new TextEncoder().encode(JSON.stringify(part(n, p))).byteLength;
      assert.ok(bytes <= SAFE_MESSAGE_BYTES, `part ${n}: ${bytes} bytes`);
      assert.ok(p.length <= MAX_PART_ENTRIES);
    }
    assert.deepEqual(
      parts.flat().map((f) => f.index),
      files.map((f) => f.index),
    );
    assert.equal(splitIntoParts(entries(0, 2500), 1024 * 1024).length, 3, 'at most MAX_PART_ENTRIES a part');
  });

  test('a have or done in parts must go on in order and end at exactly the number of files', () => {
    const have = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ index: from + i }));
    const list = new ListParts('have', 5);
    assert.equal(list.add(have(0, 2), true), null);
    assert.equal(list.add(have(2, 3), false)?.length, 5);
    assert.throws(() => new ListParts('have', 5).add(have(1, 2), true), /file 1 where file 0 comes next/);
    assert.throws(() => new ListParts('done', 5).add(have(0, 6), true), /more than the 5 files/);
    assert.throws(() => new ListParts('done', 5).add(have(0, 4), false), /ended after 4 of the 5 files/);
    assert.throws(() => new ListParts('done', 5).add([], true), /an empty part/);
    assert.deepEqual(new ListParts('done', 0).add([], false), []);
  });
});

/** The dialing end of a pair, speaking version 2 by hand: what a hostile sender's own code would do. */
function hostileSender(pair: MemoryChannelPair) {
  const heard: { t: string; code?: string; message?: string }[] = [];
  pair.a.onmessage = (m: ChannelMessage) => {
    if (typeof m === 'string') heard.push(JSON.parse(m));
  };
  const send = (msg: object) => pair.a.send(JSON.stringify(msg));
  send({ t: 'hello', protocol: 'phuppi-transfer', versions: [2], role: 'sender' });
  return { heard, send };
}

describe('a receiver offered a list in parts', () => {
  test('a list whose last part never comes ends the transfer with a clear reason, and the peer is told', async () => {
    const pair = createMemoryChannelPair();
    const rx = createReceiver(pair.b, new MemoryStorage(), { manifestTimeoutMs: 1000 });
    let listed = false;
    rx.on('manifest', () => (listed = true));
    const peer = hostileSender(pair);
    peer.send(head({ fileCount: 4, totalBytes: 4, parts: 2 }));
    peer.send(part(0, entries(0, 2)));
    // Pings keep the connection alive: only the list's own deadline ends the wait.
    const pinging = setInterval(() => peer.send({ t: 'ping' }), 20);
    try {
      const e = await failure(rx);
      assert.equal(e.code, 'protocol');
      assert.match(e.message, /announced 4 files in 2 parts but sent only 2 of them within 1 s\./);
      assert.equal(e.fault, 'list-unfinished');
    } finally {
      clearInterval(pinging);
    }
    assert.equal(listed, false, 'a list never whole is never taken');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      peer.heard.some((m) => m.t === 'error' && m.code === 'protocol'),
      JSON.stringify(peer.heard),
    );
  });

  test('a forged part ends the transfer before any of the list is taken', async () => {
    const pair = createMemoryChannelPair();
    const rx = createReceiver(pair.b, new MemoryStorage());
    let listed = false;
    rx.on('manifest', () => (listed = true));
    const peer = hostileSender(pair);
    peer.send(head({ fileCount: 4, totalBytes: 4, parts: 2 }));
    peer.send(part(0, entries(0, 2)));
    peer.send(part(0, entries(0, 2)));
    const e = await failure(rx);
    assert.equal(e.code, 'protocol');
    assert.match(e.message, /part 0 came twice/);
    assert.equal(listed, false);
  });

  test('a part without a head, and a whole manifest in version 2, are refused', async () => {
    for (const [msg, why] of [
      [part(0, entries(0, 1)), /'manifest-part' without a 'manifest-head'/],
      [{ t: 'manifest', version: 2, transferId: 'x', files: entries(0, 1) }, /sends the file list in parts/],
    ] as const) {
      const pair = createMemoryChannelPair();
      const rx = createReceiver(pair.b, new MemoryStorage());
      hostileSender(pair).send(msg);
      assert.match((await failure(rx)).message, why);
    }
  });
});

describe('an honest transfer of thousands of files', () => {
  const FILES = 3000;
  const inputs = () =>
    Array.from({ length: FILES }, (_, i) => ({
      file: new Blob([`file ${i}`]),
      name: `many/sub-${i % 7}/file-${String(i).padStart(5, '0')}.txt`,
      type: 'text/plain',
      lastModified: 1_700_000_000_000,
    }));

  test(`${FILES} files over a 64 KiB channel: the list, the have and the done all go in parts`, async () => {
    const pair = createMemoryChannelPair({ maxMessageSize: SAFE_MESSAGE_BYTES });
    const seen = new Map<string, number>();
    for (const end of [pair.a, pair.b]) {
      const send = end.send.bind(end);
      end.send = (data) => {
        if (typeof data === 'string') {
          const t = (JSON.parse(data) as { t: string }).t;
          seen.set(t, (seen.get(t) ?? 0) + 1);
        }
        send(data);
      };
    }
    const tx = createSender(pair.a, inputs());
    const rx = createReceiver(pair.b, new MemoryStorage());
    const [, result] = await Promise.all([tx.done, rx.done]);
    assert.equal(result.files.filter((f) => f.status === 'ok').length, FILES);
    assert.equal(new TextDecoder().decode(await receivedBytes(rx, 2345)), 'file 2345');
    assert.equal(result.files[2345]?.name, 'many/sub-0/file-02345.txt');
    assert.ok((seen.get('manifest-part') ?? 0) > 1, `parts: ${JSON.stringify([...seen])}`);
    assert.ok((seen.get('have') ?? 0) > 1 && (seen.get('done') ?? 0) > 1, JSON.stringify([...seen]));
  });

  test('to a receiver of version 1 the list goes whole; one too long for it is refused with a clear reason', async () => {
    const small = createMemoryChannelPair();
    const tx = createSender(small.a, inputs().slice(0, 10));
    const rx = createReceiver(small.b, new MemoryStorage(), { versions: [1] });
    const [, result] = await Promise.all([tx.done, rx.done]);
    assert.equal(result.files.length, 10);

    const big = createMemoryChannelPair();
    const tooMany = createSender(big.a, inputs());
    createReceiver(big.b, new MemoryStorage(), { versions: [1] });
    const e = await tooMany.done.then(
      () => assert.fail('sent'),
      (error: TransferError) => error,
    );
    assert.equal(e.code, 'version');
    assert.match(e.message, /older version/);
  });
});
