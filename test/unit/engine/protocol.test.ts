import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeFrameHeader,
  encodeDataFrame,
  encodeFrameHeader,
  FRAME_HEADER_BYTES,
  negotiateVersion,
  parseControlMessage,
} from '../../../src/shared/transfer-protocol.ts';

test('DATA frame header round-trips index and 53-bit offsets', () => {
  for (const [index, offset] of [
    [0, 0],
    [7, 262_128],
    [4_000_000_000, 2 ** 32 + 5],
    [1, Number.MAX_SAFE_INTEGER],
  ] as const) {
    const frame = encodeDataFrame(index, offset, new Uint8Array([1, 2, 3]));
    assert.equal(frame.byteLength, FRAME_HEADER_BYTES + 3);
    assert.deepEqual(decodeFrameHeader(frame), { kind: 1, fileIndex: index, offset });
    assert.deepEqual([...new Uint8Array(frame, FRAME_HEADER_BYTES)], [1, 2, 3]);
  }
  const h = encodeFrameHeader(3, 99);
  assert.equal(h.byteLength, 16);
  assert.equal(h[0], 1);
});

test('malformed frames are refused', () => {
  assert.throws(() => decodeFrameHeader(new ArrayBuffer(8)), /too short/);
  const bad = encodeDataFrame(0, 0, new Uint8Array(1));
  new Uint8Array(bad)[0] = 9;
  assert.throws(() => decodeFrameHeader(bad), /unknown frame kind/);
});

test('control messages are validated at the edge', () => {
  const hello = parseControlMessage(
    JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender', extra: 1 }),
  );
  assert.deepEqual(hello, { t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'sender' });
  const m = parseControlMessage(
    JSON.stringify({
      t: 'manifest',
      version: 1,
      transferId: 'abc',
      files: [{ index: 0, name: 'a/b.txt', size: 3, type: 'text/plain', lastModified: 5 }],
    }),
  );
  assert.equal(m.t, 'manifest');
  for (const bad of [
    'not json',
    '[]',
    '{"t":"nope"}',
    '{"t":"hello","protocol":"x","versions":[1],"role":"sender"}',
    '{"t":"ack","index":-1,"bytes":0}',
    '{"t":"ack","index":0,"bytes":1.5}',
    '{"t":"digest","index":0,"size":0,"sha256":"XYZ"}',
    '{"t":"manifest","version":1,"transferId":"a b","files":[]}',
    '{"t":"manifest","version":1,"transferId":"a","files":[{"index":0,"name":"../etc/passwd","size":1,"type":""}]}',
    '{"t":"manifest","version":1,"transferId":"a","files":[{"index":0,"name":"/abs","size":1,"type":""}]}',
    '{"t":"manifest","version":1,"transferId":"a","files":[{"index":1,"name":"x","size":1,"type":""}]}',
    '{"t":"done","files":[{"index":0,"status":"maybe"}]}',
  ]) {
    assert.throws(() => parseControlMessage(bad), /invalid control message/, bad);
  }
});

test('version negotiation picks the highest common version', () => {
  assert.equal(negotiateVersion([1, 2, 3], [2, 3, 4]), 3);
  assert.equal(negotiateVersion([1], [1]), 1);
  assert.equal(negotiateVersion([1], [2]), null);
});
