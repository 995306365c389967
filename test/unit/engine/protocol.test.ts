import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorFromWire } from '../../../src/client/engine/errors.ts';
import { MAX_FILES } from '../../../src/shared/transfer-limits.ts';
import {
  ControlMessageError,
  decodeFrameHeader,
  encodeDataFrame,
  encodeFrameHeader,
  FRAME_HEADER_BYTES,
  MAX_CONTROL_MESSAGE_CHARS,
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

const SHA = 'a'.repeat(64);
const manifestWith = (file: object) =>
  JSON.stringify({
    t: 'manifest',
    version: 1,
    transferId: 'abc',
    files: [{ index: 0, name: 'a.txt', size: 1, ...file }],
  });

test('unknown fields are dropped at every level, and a missing type or lastModified reads as empty', () => {
  const m = parseControlMessage(manifestWith({ extra: { deep: 1 } }));
  assert.deepEqual(m, {
    t: 'manifest',
    version: 1,
    transferId: 'abc',
    files: [{ index: 0, name: 'a.txt', size: 1, type: '', lastModified: 0 }],
  });
  const ping = parseControlMessage('{"t":"ping","__proto__":{"polluted":true}}');
  assert.deepEqual(Object.keys(ping), ['t']);
  assert.equal(Object.getPrototypeOf(ping), Object.prototype);
  assert.deepEqual(parseControlMessage('{"t":"cancel","reason":"r","index":2,"why":1}'), {
    t: 'cancel',
    reason: 'r',
    index: 2,
  });
  assert.deepEqual(parseControlMessage(`{"t":"done","files":[{"index":0,"status":"ok","sha256":"${SHA}","x":1}]}`), {
    t: 'done',
    files: [{ index: 0, status: 'ok', sha256: SHA }],
  });
});

test('every field keeps its bound', () => {
  const long = (n: number) => 'x'.repeat(n);
  const hello = (v: object) =>
    JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'receiver', ...v });
  const ok = [
    hello({ versions: Array.from({ length: 64 }, (_, i) => i), maxMessageSize: 262_144 }),
    hello({ versions: [65_535] }),
    `{"t":"ack","index":0,"bytes":${Number.MAX_SAFE_INTEGER}}`,
    `{"t":"cancel","reason":"${long(500)}"}`,
    `{"t":"pause","reason":"${long(2000)}"}`,
    `{"t":"error","code":"${long(40)}","message":"${long(2000)}"}`,
    `{"t":"file-bad","index":0,"expected":"${SHA}","actual":"${SHA}","attempt":1000,"retry":false}`,
    JSON.stringify({ t: 'have', transferId: long(128), files: [{ index: 0, bytes: 0, done: false, cancelled: true }] }),
    manifestWith({ type: long(255), lastModified: -5.5 }),
  ];
  for (const text of ok) assert.doesNotThrow(() => parseControlMessage(text), text.slice(0, 80));
  const bad = [
    hello({ versions: [] }),
    hello({ versions: [65_536] }),
    hello({ role: 'both' }),
    hello({ maxMessageSize: -1 }),
    `{"t":"ack","index":0,"bytes":${Number.MAX_SAFE_INTEGER + 1}}`,
    '{"t":"ack","index":0}',
    `{"t":"cancel","reason":"${long(501)}"}`,
    '{"t":"cancel","index":"1"}',
    `{"t":"pause","reason":"${long(2001)}"}`,
    `{"t":"error","code":"${long(41)}","message":""}`,
    `{"t":"error","code":"internal","message":"${long(2001)}"}`,
    `{"t":"file-bad","index":0,"expected":"${SHA}","actual":"${SHA}","attempt":1001,"retry":false}`,
    `{"t":"file-ok","index":0,"sha256":"${SHA.toUpperCase()}"}`,
    JSON.stringify({ t: 'have', transferId: long(129), files: [] }),
    JSON.stringify({ t: 'have', transferId: 'a', files: [{ index: 0, bytes: 0, done: 'yes' }] }),
    JSON.stringify({ t: 'have', transferId: 'a', files: [{ index: 0, bytes: 0, done: false, cancelled: 1 }] }),
    manifestWith({ type: long(256) }),
    manifestWith({ size: -1 }),
    manifestWith({ name: '' }),
    manifestWith({ name: `${long(1100)}.txt` }),
    JSON.stringify({ t: 'manifest', version: 65_536, transferId: 'a', files: [] }),
    `{"t":"ping","pad":"${long(MAX_CONTROL_MESSAGE_CHARS)}"}`,
  ];
  for (const text of bad) {
    assert.throws(() => parseControlMessage(text), ControlMessageError, text.slice(0, 80));
  }
});

test('a list is measured before its entries are looked at', () => {
  // Entries that are themselves invalid: the count is what is reported, so it was checked first (a list of
  // millions of entries is refused without walking it).
  const versions = JSON.stringify({
    t: 'hello',
    protocol: 'phuppi-transfer',
    versions: Array(65).fill('x'),
    role: 'sender',
  });
  assert.throws(() => parseControlMessage(versions), /too many versions/);
  for (const t of ['manifest', 'have', 'done']) {
    const text = JSON.stringify({ t, version: 1, transferId: 'a', files: Array(MAX_FILES + 1).fill(0) });
    assert.throws(() => parseControlMessage(text), /too many files/, t);
  }
});

test('a refused message names its type, the first field that failed and why, never repeating the value', () => {
  const refusal = (text: string) => {
    try {
      parseControlMessage(text);
    } catch (error) {
      assert.ok(error instanceof ControlMessageError);
      return error.message;
    }
    assert.fail(`accepted: ${text}`);
  };
  assert.match(refusal('{"t":"ack","index":0}'), /: ack\/bytes: is missing$/);
  const files = [
    { index: 0, name: 'a.txt', size: 1 },
    { index: 1, name: '../secret-name', size: 1 },
  ];
  const unsafe = refusal(JSON.stringify({ t: 'manifest', version: 1, transferId: 'a', files }));
  assert.match(unsafe, /: manifest\/files\/1\/name: is not a safe relative path$/);
  const role = refusal(JSON.stringify({ t: 'hello', protocol: 'phuppi-transfer', versions: [1], role: 'secret-role' }));
  assert.match(role, /: hello\/role: does not match \{"anyOf":/);
  assert.doesNotMatch(`${unsafe} ${role}`, /secret/);
  assert.match(refusal(manifestWith({ index: 1 })), /: manifest\/files: files\[0\]\.index must be 0$/);
});

test("an error code this build does not know is the peer's internal error", () => {
  const msg = parseControlMessage('{"t":"error","code":"quota-of-the-future","message":"m"}');
  assert.equal(msg.t, 'error');
  if (msg.t !== 'error') return;
  const error = errorFromWire(msg.code, msg.message);
  assert.equal(error.code, 'internal');
  assert.equal(error.fromPeer, true);
  assert.equal(errorFromWire('storage-full', 'm').code, 'storage-full');
});

test("checking control messages builds no code at run time (the pages' CSP forbids eval)", () => {
  const realFunction = globalThis.Function;
  let built = 0;
  globalThis.Function = new Proxy(realFunction, {
    construct(target, args) {
      built++;
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      built++;
      return Reflect.apply(target, self, args);
    },
  });
  try {
    parseControlMessage(manifestWith({ type: 'text/plain', lastModified: 1 }));
    parseControlMessage(`{"t":"done","files":[{"index":0,"status":"ok","sha256":"${SHA}"}]}`);
    // The error path too: it describes what failed.
    assert.throws(() => parseControlMessage(manifestWith({ name: '../x' })), /safe relative path/);
    assert.throws(() => parseControlMessage('{"t":"ack","index":-1,"bytes":0}'), /index/);
  } finally {
    globalThis.Function = realFunction;
  }
  assert.equal(built, 0);
});
