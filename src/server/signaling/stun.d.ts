// The `stun` package ships no types; this declares the part of it the embedded server uses.
declare module 'stun' {
  import type { Socket } from 'node:dgram';

  interface StunMessage {
    addXorAddress(address: string, port: number): void;
    addSoftware(name: string): void;
  }
  interface StunServer {
    on(event: string, listener: (...args: never[]) => void): void;
    send(message: StunMessage, port: number, address: string): void;
  }
  const stun: {
    createServer(options: { type: 'udp4' | 'udp6'; socket?: Socket }): StunServer;
    createMessage(type: number, transactionId?: Buffer): StunMessage;
    constants: { STUN_BINDING_RESPONSE: number; STUN_EVENT_BINDING_REQUEST: string };
  };
  export default stun;
}
