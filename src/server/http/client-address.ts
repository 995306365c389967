import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The key every per-address limit counts on (rate limits, PIN locks, the guest's stored address): the
     * client's IPv4 address, or its IPv6 address (see `clientKey` for when that is its whole /64).
     */
    readonly clientAddress: string;
  }
}

/** "::ffff:192.0.2.1" is an IPv4 client reached over a dual-stack socket: the same device as "192.0.2.1". */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of a valid IPv6 address, "::" expanded. */
function ipv6Groups(address: string): number[] {
  let text = address;
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

/** How long the server's own /64s are trusted before `networkInterfaces()` is asked again (addresses change). */
const OWN_PREFIXES_TTL_MS = 30_000;
let ownPrefixes: { at: number; prefixes: Set<string> } | null = null;

/** The /64s this machine's own interfaces are on: their devices are neighbours on the same link. */
function onOwnLink(prefix: string): boolean {
  const now = Date.now();
  if (!ownPrefixes || now - ownPrefixes.at > OWN_PREFIXES_TTL_MS) {
    const prefixes = new Set<string>();
    for (const list of Object.values(networkInterfaces()))
      for (const iface of list ?? []) if (iface.family === 'IPv6') prefixes.add(prefix64(ipv6Groups(iface.address)));
    ownPrefixes = { at: now, prefixes };
  }
  return ownPrefixes.prefixes.has(prefix);
}

function prefix64(groups: readonly number[]): string {
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** Link-local (fe80::/10), unique local (fc00::/7) and loopback addresses: never anyone else's network. */
function isPrivate(groups: readonly number[]): boolean {
  const first = groups[0] ?? 0;
  return (first & 0xffc0) === 0xfe80 || (first & 0xfe00) === 0xfc00 || groups.every((g, i) => g === (i === 7 ? 1 : 0));
}

/**
 * Turns an address into the key limits count on, or null when it is not an IP address at all (a forwarded
 * header can say anything). A device on the internet is usually handed a whole IPv6 /64 and can pick any
 * address in it, so there one /64 is one client. On the server's own link (a classroom's LAN, where every
 * device shares the router's /64) and in private ranges, each address is its own client: one guest's wrong
 * PINs must not lock the whole room out. Guessing is still bounded there by the session-wide PIN lock.
 */
export function clientKey(address: string | undefined, isOwnLink = onOwnLink): string | null {
  if (!address) return null;
  const [, mappedV4] = IPV4_MAPPED.exec(address) ?? [];
  if (mappedV4 !== undefined && isIP(mappedV4) === 4) return mappedV4;
  const [withoutZone = address] = address.split('%');
  const version = isIP(withoutZone);
  if (version === 4) return withoutZone;
  if (version !== 6) return null;
  const groups = ipv6Groups(withoutZone);
  const prefix = prefix64(groups);
  if (isPrivate(groups) || isOwnLink(prefix)) return groups.map((group) => group.toString(16)).join(':');
  return prefix;
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
