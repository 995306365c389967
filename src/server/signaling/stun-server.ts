import { createSocket } from 'node:dgram';
import stun from 'stun';

export interface StunServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A minimal STUN binding server (RFC 5389) on UDP: it tells each browser the address it is seen from,
 * which gives phones a usable host candidate on a LAN where mDNS names do not resolve.
 */
export function startStunServer(port: number, host = '0.0.0.0'): Promise<StunServer> {
  const socket = createSocket({ type: 'udp4', reuseAddr: false });
  const server = stun.createServer({ type: 'udp4', socket });
  const { STUN_BINDING_RESPONSE, STUN_EVENT_BINDING_REQUEST } = stun.constants;
  server.on(
    STUN_EVENT_BINDING_REQUEST,
    (request: { transactionId: Buffer }, rinfo: { address: string; port: number }) => {
      const response = stun.createMessage(STUN_BINDING_RESPONSE, request.transactionId);
      response.addXorAddress(rinfo.address, rinfo.port);
      response.addSoftware('phuppi-p2p');
      server.send(response, rinfo.port, rinfo.address);
    },
  );
  server.on('error', () => {
    // A malformed datagram must not take the app down; STUN clients retry on their own.
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve({
        port: socket.address().port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
