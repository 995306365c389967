import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The key every per-address limit counts on (rate limits, PIN locks, the guest's stored address): the
     * client's IPv4 address, or the /64 its IPv6 address lies in.
     */
    readonly clientAddress: string;
  }
}

/** "::ffff:192.0.2.1" is an IPv4 client reached over a dual-stack socket: the same device as "192.0.2.1". */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of a valid IPv6 address, "::" expanded. */
function ipv6Groups(address: string): number[] {
  const [withoutZone = address] = address.split('%');
  let text = withoutZone;
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    // An embedded IPv4 tail ("::1.2.3.4") is the last two groups.
    const [a, b, c, d] = dotted[0].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Turns an address into the key limits count on, or null when it is not an IP address at all (a forwarded
 * header can say anything). A device on IPv6 is usually handed a whole /64, so one /64 is one client.
 */
export function clientKey(address: string | undefined): string | null {
  if (!address) return null;
  const [, mappedV4] = IPV4_MAPPED.exec(address) ?? [];
  if (mappedV4 !== undefined && isIP(mappedV4) === 4) return mappedV4;
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const prefix = ipv6Groups(address)
    .slice(0, 4)
    .map((group) => group.toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * `request.clientAddress`: the forwarded address Fastify's trustProxy settled on, keyed as above; when that is
 * not an IP address, the address of the connection itself (the proxy), so garbage never becomes a key of its own.
 */
export function registerClientAddress(app: FastifyInstance): void {
  app.decorateRequest('clientAddress', {
    getter(this: { ip: string; socket: { remoteAddress?: string } }) {
      return clientKey(this.ip) ?? clientKey(this.socket.remoteAddress) ?? 'unknown';
    },
  });
}
