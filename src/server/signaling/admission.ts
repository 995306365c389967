import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { clientKey } from '../http/client-address.ts';
import { PEER_ID_PATTERN, type SignalingCredentials } from './credentials.ts';

export const PEER_KEY = 'peerjs';

export interface AdmissionLimits {
  /** Open signaling sockets per client address (a device needs one per page). */
  socketsPerAddress: number;
  /** Upgrade attempts per client address per minute (reconnects after a restart come in a burst). */
  upgradesPerMinute: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { socketsPerAddress: 32, upgradesPerMinute: 120 };
/** Addresses whose upgrade rate is tracked at once (the memory a stranger with many addresses can take). */
const MAX_TRACKED_ADDRESSES = 10_000;

export type Admission =
  | { ok: true; peerId: string; address: string; release(): void }
  | { ok: false; status: number; code: ErrorCode; reason: string; address: string };

/**
 * The key per-address limits count on for the raw upgrade request: the address Fastify's `request.ip` would
 * settle on (same trust rules: a hop count or the proxy's addresses), keyed like `request.clientAddress`.
 */
export function clientAddressResolver(trustProxy: false | string | number): (req: IncomingMessage) => string {
  const socketAddress = (req: IncomingMessage) => clientKey(req.socket.remoteAddress) ?? 'unknown';
  if (trustProxy === false) return socketAddress;
  const trust =
    typeof trustProxy === 'number'
      ? (_: string, hop: number) => hop < trustProxy
      : proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return (req) => {
    const all = proxyAddr.all(req, trust);
    return clientKey(all[all.length - 1]) ?? socketAddress(req);
  };
}

/** True when the handshake has no Origin (not a browser page) or one of the app's own origins. */
export function originAllowed(req: IncomingMessage, baseUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (host === (req.headers.host ?? '').toLowerCase()) return true;
  return baseUrl !== null && host === new URL(baseUrl).host.toLowerCase();
}

/**
 * Who may open a signaling socket: a page holding a fresh token for the peer id it registers, from an allowed
 * origin, within per-address caps. Decided at the HTTP upgrade, before any WebSocket exists.
 */
export class SignalingAdmission {
  readonly #open = new Map<string, number>();
  readonly #attempts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly credentials: SignalingCredentials,
    private readonly options: {
      clientAddress: (req: IncomingMessage) => string;
      baseUrl: string | null;
      limits: AdmissionLimits;
    },
  ) {}

  admit(req: IncomingMessage, now = Date.now()): Admission {
    const address = this.options.clientAddress(req);
    const refuse = (status: number, code: ErrorCode, reason: string): Admission => ({
      ok: false,
      status,
      code,
      reason,
      address,
    });
    if (!this.#countAttempt(address, now))
      return refuse(429, 'RATE_LIMITED', 'too many new signaling sockets from this address');
    if (!originAllowed(req, this.options.baseUrl)) return refuse(403, 'BAD_ORIGIN', 'origin is not this app');
    const query = new URL(req.url ?? '/', 'http://signaling').searchParams;
    const peerId = query.get('id') ?? '';
    const token = query.get('token') ?? '';
    if (query.get('key') !== PEER_KEY || !PEER_ID_PATTERN.test(peerId))
      return refuse(400, 'BAD_REQUEST', 'missing key or bad peer id');
    const check = this.credentials.checkToken(peerId, token, Math.floor(now / 1000));
    if (check !== 'ok') return refuse(401, 'BAD_SIGNALING_TOKEN', `token ${check}`);
    const open = this.#open.get(address) ?? 0;
    if (open >= this.options.limits.socketsPerAddress)
      return refuse(429, 'TOO_MANY_SOCKETS', 'too many open signaling sockets from this address');
    this.#open.set(address, open + 1);
    let released = false;
    return {
      ok: true,
      peerId,
      address,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#open.get(address) ?? 1) - 1;
        if (left > 0) this.#open.set(address, left);
        else this.#open.delete(address);
      },
    };
  }

  #countAttempt(address: string, now: number): boolean {
    if (this.#attempts.size >= MAX_TRACKED_ADDRESSES) {
      for (const [key, w] of this.#attempts) if (now - w.windowStart >= 60_000) this.#attempts.delete(key);
      // Still full (addresses by the thousand, e.g. an IPv6 range): forget the oldest, as an LRU rate limiter does.
      for (const key of this.#attempts.keys()) {
        if (this.#attempts.size < MAX_TRACKED_ADDRESSES) break;
        this.#attempts.delete(key);
      }
    }
    const previous = this.#attempts.get(address);
    const window = previous && now - previous.windowStart < 60_000 ? previous : { windowStart: now, count: 0 };
    this.#attempts.set(address, window);
    window.count += 1;
    return window.count <= this.options.limits.upgradesPerMinute;
  }
}
