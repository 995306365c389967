import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { clientKey } from '../http/client-address.ts';
import { PEER_ID_PATTERN, type SignalingCredentials } from './credentials.ts';
import { withDeadline } from './deadline.ts';
import type { SocketLifetime } from './owner-login.ts';
import type { SharedAdmissionCounts } from './shared-admission.ts';

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
  | { ok: true; peerId: string; lifetime: SocketLifetime | null; address: string; release(): void }
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

/** How long admission waits for the shared counts before it decides on this instance's own. */
const SHARED_COUNT_DEADLINE_MS = 1000;

/**
 * Who may open a signaling socket: a page holding a fresh token for the peer id it registers (an owner's with that
 * owner's login), from an allowed origin, within per-address caps. Decided at the HTTP upgrade, before any
 * WebSocket exists.
 *
 * The caps are counted in this instance's memory and, with several instances, also in the counts they share
 * (see shared-admission.ts), which are what make them hold across instances. When those are unreachable the
 * caps degrade to per instance (logged): pages and the API keep working, and signaling with them.
 */
export class SignalingAdmission {
  readonly #open = new Map<string, number>();
  readonly #attempts = new Map<string, { windowStart: number; count: number }>();
  /** Sockets counted in the shared counts (id → address), kept alive by `keepAlive`. */
  readonly #shared = new Map<string, string>();
  #degraded = false;

  constructor(
    private readonly credentials: SignalingCredentials,
    private readonly options: {
      clientAddress: (req: IncomingMessage) => string;
      baseUrl: string | null;
      limits: AdmissionLimits;
      /** The login an owner's socket lives only as long as, or null when the upgrade came without that owner's login. */
      ownerLogin: (req: IncomingMessage, peerId: string) => Promise<SocketLifetime | null>;
      /** Null in one process: this instance's counts are all there is. */
      shared?: SharedAdmissionCounts | null;
      log?: FastifyBaseLogger;
    },
  ) {}

  async admit(req: IncomingMessage, now = Date.now()): Promise<Admission> {
    const address = this.options.clientAddress(req);
    const { limits } = this.options;
    const refuse = (status: number, code: ErrorCode, reason: string): Admission => ({
      ok: false,
      status,
      code,
      reason,
      address,
    });
    const tooManyUpgrades = () => refuse(429, 'RATE_LIMITED', 'too many new signaling sockets from this address');
    if (!this.#countAttempt(address, now)) return tooManyUpgrades();
    const upgrades = await this.#askShared((shared) => shared.countUpgrade(address), 0);
    if (upgrades > limits.upgradesPerMinute) return tooManyUpgrades();
    if (!originAllowed(req, this.options.baseUrl)) return refuse(403, 'BAD_ORIGIN', 'origin is not this app');
    const query = new URL(req.url ?? '/', 'http://signaling').searchParams;
    const peerId = query.get('id') ?? '';
    const token = query.get('token') ?? '';
    if (query.get('key') !== PEER_KEY || !PEER_ID_PATTERN.test(peerId))
      return refuse(400, 'BAD_REQUEST', 'missing key or bad peer id');
    const check = this.credentials.checkToken(peerId, token, Math.floor(now / 1000));
    if ('refused' in check) return refuse(401, 'BAD_SIGNALING_TOKEN', `token ${check.refused}`);
    const tooManySockets = () => refuse(429, 'TOO_MANY_SOCKETS', 'too many open signaling sockets from this address');
    const open = this.#open.get(address) ?? 0;
    if (open >= limits.socketsPerAddress) return tooManySockets();
    this.#open.set(address, open + 1); // before asking the shared counts, so a burst cannot pass here meanwhile
    const releaseHere = () => {
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left > 0) this.#open.set(address, left);
      else this.#open.delete(address);
    };
    const socketId = randomUUID();
    const counted = await this.#askShared(
      async (shared) => ((await shared.openSocket(address, socketId, limits.socketsPerAddress)) ? 'yes' : 'full'),
      'no' as const,
    );
    if (counted === 'full') {
      releaseHere();
      return tooManySockets();
    }
    if (counted === 'yes') this.#shared.set(socketId, address);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      releaseHere();
      if (this.#shared.delete(socketId)) this.options.shared?.closeSocket(address, socketId).catch(() => undefined); // it expires anyway
    };
    // An owner's credential alone opens no socket: a leaked one would outlive the login it was issued under. A
    // guest's socket lives until it closes (or its ticket ends).
    if (check.holder === 'guest') return { ok: true, peerId, lifetime: null, address, release };
    const lifetime = await this.options.ownerLogin(req, peerId).catch((error: unknown) => {
      release();
      throw error;
    });
    if (lifetime) return { ok: true, peerId, lifetime, address, release };
    release();
    return refuse(401, 'UNAUTHORIZED', 'an owner’s socket without the owner’s login');
  }

  /** Keeps this instance's open sockets counting in the shared counts (called well within their TTL). */
  async keepAlive(): Promise<void> {
    await this.#askShared((shared) => shared.keepAlive(this.#shared), undefined);
  }

  /** The shared counts' answer, or `fallback` (this instance's counts decide) when there are none or they fail. */
  async #askShared<T>(ask: (shared: SharedAdmissionCounts) => Promise<T>, fallback: T): Promise<T> {
    const { shared, log } = this.options;
    if (!shared) return fallback;
    try {
      const answer = await withDeadline(ask(shared), SHARED_COUNT_DEADLINE_MS);
      if (this.#degraded) log?.warn('shared signaling caps reachable again: per-address caps hold across instances');
      this.#degraded = false;
      return answer;
    } catch (error) {
      if (!this.#degraded)
        log?.error(
          { err: (error as Error).message },
          'shared signaling caps unreachable: per-address caps hold per instance until Redis is back',
        );
      this.#degraded = true;
      return fallback;
    }
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
