import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { startStunServer } from '../../src/server/signaling/stun-server.ts';

/** A hand-made RFC 5389 binding request, so the test does not trust the library it checks. */
function bindingRequest(transactionId: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0); // Binding Request
  header.writeUInt16BE(0, 2); // no attributes
  header.writeUInt32BE(0x2112a442, 4); // magic cookie
  transactionId.copy(header, 8);
  return header;
}

function xorMappedAddress(message: Buffer): { address: string; port: number } | null {
  let offset = 20;
  while (offset + 4 <= message.length) {
    const type = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    if (type === 0x0020) {
      const port = message.readUInt16BE(offset + 6) ^ 0x2112;
      const raw = message.readUInt32BE(offset + 8) ^ 0x2112a442;
      return { address: [raw >>> 24, (raw >>> 16) & 255, (raw >>> 8) & 255, raw & 255].join('.'), port };
    }
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  return null;
}

test('embedded STUN server answers a binding request with the client address', async () => {
  const server = await startStunServer(0, '127.0.0.1');
  const client = createSocket('udp4');
  try {
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    const transactionId = randomBytes(12);
    const answer = new Promise<Buffer>((resolve) => client.once('message', resolve));
    client.send(bindingRequest(transactionId), server.port, '127.0.0.1');
    const message = await answer;
    assert.equal(message.readUInt16BE(0), 0x0101, 'binding success response');
    assert.deepEqual(message.subarray(8, 20), transactionId, 'same transaction id');
    assert.deepEqual(xorMappedAddress(message), { address: '127.0.0.1', port: client.address().port });
  } finally {
    client.close();
    await server.close();
  }
});

test('embedded STUN server survives garbage datagrams', async () => {
  const server = await startStunServer(0, '127.0.0.1');
  const client = createSocket('udp4');
  try {
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    client.send(Buffer.from('not stun at all'), server.port, '127.0.0.1');
    client.send(Buffer.alloc(0), server.port, '127.0.0.1');
    const transactionId = randomBytes(12);
    const answer = new Promise<Buffer>((resolve) => client.once('message', resolve));
    client.send(bindingRequest(transactionId), server.port, '127.0.0.1');
    assert.deepEqual((await answer).subarray(8, 20), transactionId);
  } finally {
    client.close();
    await server.close();
  }
});
