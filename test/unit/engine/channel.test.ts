import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import {
  type ChannelMessage,
  type DataConnectionLike,
  fromDataChannel,
  fromDataConnection,
} from '../../../src/client/engine/channel.ts';

/** Enough of an RTCDataChannel for the adapter: events, state, send log. */
function fakeDataChannel(): RTCDataChannel & { sent: unknown[]; receive(data: ChannelMessage): void } {
  const target = new EventTarget();
  const dc = Object.assign(target, {
    readyState: 'open',
    ordered: true,
    binaryType: 'blob',
    bufferedAmount: 0,
    bufferedAmountLowThreshold: 0,
    sent: [] as unknown[],
    send(data: unknown) {
      dc.sent.push(data);
    },
    close() {
      dc.readyState = 'closed';
      target.dispatchEvent(new Event('close'));
    },
    receive(data: ChannelMessage) {
      target.dispatchEvent(new MessageEvent('message', { data }));
    },
  });
  return dc as unknown as RTCDataChannel & { sent: unknown[]; receive(data: ChannelMessage): void };
}

test('messages that arrive before the first handler are delivered in order, after the code that set it', async () => {
  const dc = fakeDataChannel();
  const ch = fromDataChannel(dc);
  dc.receive('hello');
  dc.receive(new Uint8Array([1, 2]).buffer);
  const got: unknown[] = [];
  ch.onmessage = (m) => got.push(typeof m === 'string' ? m : [...new Uint8Array(m)]);
  ch.send('my hello'); // the endpoint greets first, then handles what waited
  dc.receive('after');
  assert.deepEqual(got, [], 'nothing is delivered synchronously while the handler is being set up');
  await Promise.resolve();
  assert.deepEqual(got, ['hello', [1, 2], 'after']);
  assert.equal(dc.binaryType, 'arraybuffer');
  dc.receive('live');
  assert.deepEqual(got.at(-1), 'live');
});

test('after the first handler, a detached adapter drops messages instead of hoarding them', async () => {
  const dc = fakeDataChannel();
  const ch = fromDataChannel(dc);
  const got: unknown[] = [];
  ch.onmessage = (m) => got.push(m);
  await Promise.resolve();
  ch.onmessage = null;
  dc.receive('ignored');
  ch.onmessage = (m) => got.push(m);
  await Promise.resolve();
  assert.deepEqual(got, []);
});

test('a PeerJS connection adapter takes the messages its data event gave before it existed', async () => {
  const dc = fakeDataChannel();
  const conn = Object.assign(new EventEmitter(), {
    dataChannel: dc,
    peerConnection: null,
    serialization: 'raw',
    reliable: true,
    open: true,
    close() {},
  }) as unknown as DataConnectionLike & EventEmitter;
  const ch = fromDataConnection(conn, ['early hello'], false);
  assert.equal(ch.initiator, false, 'the accepting side waits for the dialer to speak');
  conn.emit('data', 'manifest');
  const got: unknown[] = [];
  ch.onmessage = (m) => got.push(m);
  await Promise.resolve();
  assert.deepEqual(got, ['early hello', 'manifest']);
  let closed = 0;
  ch.onclose = () => closed++;
  conn.emit('close');
  assert.equal(closed, 1);
  assert.equal(ch.isOpen, false);
});

test('a PeerJS connection that is not raw or not ordered is refused', () => {
  const base = {
    dataChannel: fakeDataChannel(),
    peerConnection: null,
    reliable: true,
    open: true,
    on() {},
    close() {},
  };
  assert.throws(
    () => fromDataConnection({ ...base, serialization: 'binary' } as DataConnectionLike),
    /serialization 'raw'/,
  );
  const unordered = Object.assign(fakeDataChannel(), { ordered: false });
  assert.throws(
    () => fromDataConnection({ ...base, dataChannel: unordered, serialization: 'raw' } as DataConnectionLike),
    /reliable/,
  );
});
