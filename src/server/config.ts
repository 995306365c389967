import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import type { IceTransportPolicy } from '../shared/api/signaling.ts';
import { type IceServer, isTurnUrl } from './signaling/ice.ts';
import type { TurnConfig } from './signaling/turn.ts';

/** 'files': cert+key from PHUPPI_TLS_CERT/PHUPPI_TLS_KEY; 'self-signed': generated once into the data dir. */
export type TlsConfig = { mode: 'files'; certFile: string; keyFile: string } | { mode: 'self-signed' };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminUsername: string | null;
  adminPassword: string | null;
  baseUrl: string | null;
  receiveTtlSeconds: number;
  iceServers: IceServer[] | null;
  /** Short-lived TURN credentials (TURN REST scheme) for owners and ticket holders; null when not configured. */
  turn: TurnConfig | null;
  /** 'relay': browsers connect only through a TURN relay and never learn each other's addresses. */
  iceTransportPolicy: IceTransportPolicy;
  stunPort: number;
  /** false, a hop count, or the proxy's addresses/CIDRs (comma-separated); never `true`. */
  trustProxy: false | string | number;
  retentionDays: number;
  limits: SessionLimits;
  tls: TlsConfig | null;
  logLevel: string;
  /** Bearer token for GET /metrics; null keeps the endpoint off. */
  metricsToken: string | null;
  /** Redis that carries state between instances (scale-out mode); null runs as one process. */
  redisUrl: string | null;
  /** Sign-in with the organisation's OpenID Connect provider; null when not configured. */
  oidc: OidcConfig | null;
}

/** "Sign in with …" through an OpenID Connect provider (authorization code + PKCE). */
export interface OidcConfig {
  /** The provider's issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the login page's button says after "Sign in with". */
  displayName: string;
  /** Scopes asked for, space-separated; always includes `openid`. */
  scopes: string;
  /** The claim whose value is the user name here (matched against existing users, or given to a created one). */
  usernameClaim: string;
  /** The claim that lists the user's groups (a string or an array of strings). */
  groupsClaim: string;
  /** Members of this group are administrators here, others are not; null leaves the admin role to the Users page. */
  adminGroup: string | null;
  /** Whether a user the provider knows but this server does not is created at first sign-in. */
  createUsers: boolean;
}

/** Caps on what one user or one stranger can make the server (and the owner's browser) hold. */
export interface SessionLimits {
  /** Files one session may list (guests' reports together, or a share's offer). */
  filesPerSession: number;
  /** Guests (correct PINs not revoked) one session admits. */
  guestsPerSession: number;
  /** Correct-PIN admissions one client address gets per minute, over all sessions. */
  admissionsPerMinute: number;
  /** Sessions (both directions together) a user may have open at once. */
  activeSessionsPerUser: number;
  /** Sessions (both directions together) a user may create per minute. */
  creationsPerMinute: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  filesPerSession: 10000,
  guestsPerSession: 100,
  admissionsPerMinute: 10,
  activeSessionsPerUser: 100,
  creationsPerMinute: 30,
};

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function text(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

function parseIceServers(raw: string | null): IceServer[] | null {
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      'PHUPPI_ICE_SERVERS must be a JSON array of RTCIceServer objects, e.g. [{"urls":"turn:host:3478","username":"u","credential":"p"}]',
    );
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.every((server) => {
      if (typeof server !== 'object' || server === null) return false;
      const urls = (server as { urls?: unknown }).urls;
      return typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
    });
  if (!valid)
    throw new ConfigError(
      'PHUPPI_ICE_SERVERS must be a JSON array of objects that each have "urls" (a string or an array of strings)',
    );
  return parsed as IceServer[];
}

function parseTurn(env: Env): TurnConfig | null {
  const urls = text(env, 'PHUPPI_TURN_URLS');
  const secret = text(env, 'PHUPPI_TURN_SECRET');
  if (urls === null && secret === null) return null;
  if (urls === null || secret === null)
    throw new ConfigError('PHUPPI_TURN_URLS and PHUPPI_TURN_SECRET must be set together');
  const list = urls
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const bad = list.find((u) => !/^turns?:[^\s]+$/.test(u));
  if (list.length === 0 || bad !== undefined)
    throw new ConfigError(
      `PHUPPI_TURN_URLS must be a comma-separated list of turn: or turns: URLs, got "${bad ?? urls}"`,
    );
  if (secret.length < 16)
    throw new ConfigError("PHUPPI_TURN_SECRET must be at least 16 characters (the TURN server's static-auth-secret)");
  return { urls: list, secret, ttlSeconds: integer(env, 'PHUPPI_TURN_TTL', 86400, 60, 604800) };
}

/** A TURN server with a credential: PHUPPI_TURN_* or an entry of PHUPPI_ICE_SERVERS with a username. */
function hasTurn(turn: TurnConfig | null, iceServers: IceServer[] | null): boolean {
  if (turn) return true;
  return (iceServers ?? []).some(
    (server) =>
      server.username !== undefined && (Array.isArray(server.urls) ? server.urls : [server.urls]).some(isTurnUrl),
  );
}

/**
 * 'relay' makes every browser connect through the TURN relay only, so guests and owners never learn each
 * other's addresses; without a relay no connection could ever open, so that is refused at start.
 */
function parseIceTransportPolicy(
  raw: string | null,
  turn: TurnConfig | null,
  iceServers: IceServer[] | null,
): IceTransportPolicy {
  if (raw === null || raw === 'all') return 'all';
  if (raw !== 'relay') throw new ConfigError(`PHUPPI_ICE_TRANSPORT_POLICY must be "all" or "relay", got "${raw}"`);
  if (!hasTurn(turn, iceServers))
    throw new ConfigError(
      'PHUPPI_ICE_TRANSPORT_POLICY=relay needs a TURN server: set PHUPPI_TURN_URLS and PHUPPI_TURN_SECRET (or a turn: entry with a username in PHUPPI_ICE_SERVERS)',
    );
  return 'relay';
}

/** Names proxy-addr (Fastify's trustProxy) understands for whole address ranges. */
const TRUST_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !address || !isIP(address)) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128);
}

/**
 * Which proxy may tell the client's address. `true` (believe any X-Forwarded-For) is refused: every
 * per-address limit would then be keyed on a value the client chooses.
 */
function parseTrustProxy(raw: string | null): false | string | number {
  const safeForms = "a hop count (e.g. 1) or the proxy's addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8)";
  if (raw === null || raw === 'false') return false;
  if (raw === 'true')
    throw new ConfigError(`PHUPPI_TRUST_PROXY=true would trust any client's X-Forwarded-For; give ${safeForms}`);
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !TRUST_PROXY_RANGES.has(entry) && !isAddressOrCidr(entry));
  if (bad !== undefined) throw new ConfigError(`PHUPPI_TRUST_PROXY must be ${safeForms}, got "${bad}"`);
  return entries.join(',');
}

function parseBaseUrl(raw: string | null): string | null {
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PHUPPI_BASE_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('PHUPPI_BASE_URL must start with http:// or https://');
  return url.toString().replace(/\/$/, '');
}

function parseTls(env: Env): TlsConfig | null {
  const mode = text(env, 'PHUPPI_HTTPS');
  const certFile = text(env, 'PHUPPI_TLS_CERT');
  const keyFile = text(env, 'PHUPPI_TLS_KEY');
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new ConfigError('PHUPPI_TLS_CERT and PHUPPI_TLS_KEY must be set together');
    for (const file of [certFile, keyFile]) if (!existsSync(file)) throw new ConfigError(`TLS file not found: ${file}`);
    return { mode: 'files', certFile, keyFile };
  }
  if (mode === null || mode === 'off' || mode === 'false') return null;
  if (mode === 'self-signed' || mode === 'true') return { mode: 'self-signed' };
  throw new ConfigError(`PHUPPI_HTTPS must be "self-signed" or "off", got "${mode}"`);
}

/** A short token could be guessed by a scraper of the LAN; 16 characters is the floor. */
function parseMetricsToken(raw: string | null): string | null {
  if (raw !== null && raw.length < 16)
    throw new ConfigError('PHUPPI_METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)');
  return raw;
}

function parseRedisUrl(raw: string | null, databaseUrl: string | null): string | null {
  if (raw === null) return null;
  if (!/^rediss?:\/\/./.test(raw))
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${raw}"`);
  if (databaseUrl === null)
    throw new ConfigError(
      'REDIS_URL runs several instances, which need a shared PostgreSQL (DATABASE_URL): they cannot share one SQLite file',
    );
  return raw;
}

const OIDC_OPTIONAL = [
  'PHUPPI_OIDC_NAME',
  'PHUPPI_OIDC_SCOPES',
  'PHUPPI_OIDC_USERNAME_CLAIM',
  'PHUPPI_OIDC_GROUPS_CLAIM',
  'PHUPPI_OIDC_ADMIN_GROUP',
  'PHUPPI_OIDC_CREATE_USERS',
] as const;

/**
 * The provider must be reached over HTTPS: its answers say who is logging in. Plain http is accepted only for a
 * provider on this machine, whose traffic never crosses a network.
 */
function parseOidcIssuer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PHUPPI_OIDC_ISSUER must be an absolute https:// URL, got "${raw}"`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ConfigError(
      `PHUPPI_OIDC_ISSUER must start with https:// (http:// only for a provider on this machine), got "${raw}"`,
    );
  if (url.search || url.hash) throw new ConfigError('PHUPPI_OIDC_ISSUER must not have a query or a fragment');
  // The issuer is compared character for character with the one the provider names: keep it as written.
  return raw;
}

function parseOidc(env: Env): OidcConfig | null {
  const issuer = text(env, 'PHUPPI_OIDC_ISSUER');
  const clientId = text(env, 'PHUPPI_OIDC_CLIENT_ID');
  const clientSecret = text(env, 'PHUPPI_OIDC_CLIENT_SECRET');
  if (issuer === null && clientId === null && clientSecret === null) {
    const stray = OIDC_OPTIONAL.find((name) => text(env, name) !== null);
    if (stray)
      throw new ConfigError(`${stray} needs PHUPPI_OIDC_ISSUER, PHUPPI_OIDC_CLIENT_ID and PHUPPI_OIDC_CLIENT_SECRET`);
    return null;
  }
  if (issuer === null || clientId === null || clientSecret === null)
    throw new ConfigError(
      'PHUPPI_OIDC_ISSUER, PHUPPI_OIDC_CLIENT_ID and PHUPPI_OIDC_CLIENT_SECRET must be set together',
    );
  const scopes = (text(env, 'PHUPPI_OIDC_SCOPES') ?? 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid'))
    throw new ConfigError(`PHUPPI_OIDC_SCOPES must include "openid", got "${scopes.join(' ')}"`);
  const adminGroup = text(env, 'PHUPPI_OIDC_ADMIN_GROUP');
  const groupsClaim = text(env, 'PHUPPI_OIDC_GROUPS_CLAIM');
  if (groupsClaim !== null && adminGroup === null)
    throw new ConfigError(
      'PHUPPI_OIDC_GROUPS_CLAIM is only read with PHUPPI_OIDC_ADMIN_GROUP (the group of administrators)',
    );
  const createUsers = text(env, 'PHUPPI_OIDC_CREATE_USERS') ?? 'false';
  if (createUsers !== 'true' && createUsers !== 'false')
    throw new ConfigError(`PHUPPI_OIDC_CREATE_USERS must be "true" or "false", got "${createUsers}"`);
  const displayName = text(env, 'PHUPPI_OIDC_NAME') ?? 'your organisation';
  if (displayName.length > 60) throw new ConfigError('PHUPPI_OIDC_NAME must be at most 60 characters');
  return {
    issuer: parseOidcIssuer(issuer),
    clientId,
    clientSecret,
    displayName,
    scopes: scopes.join(' '),
    usernameClaim: text(env, 'PHUPPI_OIDC_USERNAME_CLAIM') ?? 'preferred_username',
    groupsClaim: groupsClaim ?? 'groups',
    adminGroup,
    createUsers: createUsers === 'true',
  };
}

/** Reads the environment (and `.env` when present) into a typed config; throws ConfigError on a bad value. */
export function loadConfig(env: Env = process.env, { readDotenv = true } = {}): Config {
  if (readDotenv) loadDotenv({ quiet: true });
  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (unset it to use the embedded SQLite store)');
  }
  const redisUrl = parseRedisUrl(text(env, 'REDIS_URL'), databaseUrl);
  const adminUsername = text(env, 'PHUPPI_ADMIN_USERNAME');
  const adminPassword = text(env, 'PHUPPI_ADMIN_PASSWORD');
  if ((adminUsername === null) !== (adminPassword === null)) {
    throw new ConfigError('PHUPPI_ADMIN_USERNAME and PHUPPI_ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== null && adminPassword.length < 8)
    throw new ConfigError('PHUPPI_ADMIN_PASSWORD must be at least 8 characters');
  const host = text(env, 'HOST') ?? '0.0.0.0';
  const iceServers = parseIceServers(text(env, 'PHUPPI_ICE_SERVERS'));
  const turn = parseTurn(env);
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host,
    dataDir: path.resolve(text(env, 'PHUPPI_DATA_DIR') ?? './data'),
    databaseUrl,
    adminUsername,
    adminPassword,
    baseUrl: parseBaseUrl(text(env, 'PHUPPI_BASE_URL')),
    receiveTtlSeconds: integer(env, 'PHUPPI_P2P_RECEIVE_TTL', 86400, 300, 604800),
    iceServers,
    turn,
    iceTransportPolicy: parseIceTransportPolicy(text(env, 'PHUPPI_ICE_TRANSPORT_POLICY'), turn, iceServers),
    stunPort: integer(env, 'PHUPPI_STUN_PORT', 3478, 0, 65535),
    trustProxy: parseTrustProxy(text(env, 'PHUPPI_TRUST_PROXY')),
    retentionDays: integer(env, 'PHUPPI_RETENTION_DAYS', 30, 0, 3650),
    limits: {
      filesPerSession: integer(env, 'PHUPPI_MAX_FILES_PER_SESSION', DEFAULT_LIMITS.filesPerSession, 1, 10000),
      guestsPerSession: integer(env, 'PHUPPI_MAX_GUESTS_PER_SESSION', DEFAULT_LIMITS.guestsPerSession, 1, 10000),
      admissionsPerMinute: integer(
        env,
        'PHUPPI_MAX_ADMISSIONS_PER_MINUTE',
        DEFAULT_LIMITS.admissionsPerMinute,
        1,
        10000,
      ),
      activeSessionsPerUser: integer(
        env,
        'PHUPPI_MAX_ACTIVE_SESSIONS',
        DEFAULT_LIMITS.activeSessionsPerUser,
        1,
        100000,
      ),
      creationsPerMinute: integer(env, 'PHUPPI_MAX_CREATIONS_PER_MINUTE', DEFAULT_LIMITS.creationsPerMinute, 1, 10000),
    },
    tls: parseTls(env),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
    metricsToken: parseMetricsToken(text(env, 'PHUPPI_METRICS_TOKEN')),
    redisUrl,
    oidc: parseOidc(env),
  };
}
