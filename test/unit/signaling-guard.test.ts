import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeClientMessage } from '../../src/server/signaling/message-guard.ts';

const frame = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('signaling frame guard', () => {
  test('a payload nested deep enough to exhaust the stack closes the socket instead of throwing', () => {
    // 64 KB of brackets: under the frame limit, but JSON.stringify of it overflowed the stack and killed the process.
    const depth = 32_000;
    const text = `{"type":"OFFER","dst":"abc","payload":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    assert.deepEqual(judgeClientMessage(Buffer.from(text), false), { close: 'payload nested too deep' });
  });

  test('a real offer and candidate are relayed with their destination', () => {
    const offer = {
      type: 'OFFER',
      dst: 'peer-b',
      payload: { sdp: { type: 'offer', sdp: 'v=0\r\n' }, type: 'data', connectionId: 'dc_1' },
    };
    const verdict = judgeClientMessage(frame(offer), false);
    assert.ok('relay' in verdict);
    assert.equal(verdict.dst, 'peer-b');
    assert.deepEqual(JSON.parse(String(verdict.relay)), offer);
    const candidate = {
      type: 'CANDIDATE',
      dst: 'peer-b',
      payload: { candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 5000 typ host', sdpMid: '0' }, type: 'data' },
    };
    assert.ok('relay' in judgeClientMessage(frame(candidate), false));
  });
});
