import type { IceConfigResponse } from '../../shared/api/common.ts';
import { type TurnConfig, turnCredential } from './turn.ts';

type IceServers = IceConfigResponse['iceServers'];
/** One STUN/TURN entry as the server reads it from PHUPPI_ICE_SERVERS and hands it to browsers. */
export type IceServer = IceServers[number];

export const isTurnUrl = (url: string) => /^turns?:/i.test(url);

/** The configured list without any TURN entry (and so without any TURN password). */
function withoutTurn(servers: IceServer[]): IceServers {
  const out: IceServers = [];
  for (const server of servers) {
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) => !isTurnUrl(url));
    const [first] = urls;
    if (first !== undefined) out.push({ urls: Array.isArray(server.urls) ? urls : first });
  }
  return out;
}

export interface IceOptions {
  configured: IceServer[] | null;
  stunPort: number | null;
  requestHostname: string;
}

/**
 * What anyone gets (GET /api/config/ice): the configured STUN entries, otherwise only the embedded STUN server at
 * the address the browser used to reach us. Never a public host: the app must work offline. Never TURN: a relay
 * and its password are for holders of a signaling credential only (see `privilegedIceServers`).
 */
export function iceServersFor(options: IceOptions): IceServers {
  if (options.configured) return withoutTurn(options.configured);
  if (!options.stunPort) return [];
  const host =
    options.requestHostname.includes(':') && !options.requestHostname.startsWith('[')
      ? `[${options.requestHostname}]`
      : options.requestHostname;
  return [{ urls: `stun:${host}:${options.stunPort}` }];
}

/** For a logged-in owner or a ticket holder: the full configured list plus a short-lived TURN credential. */
export function privilegedIceServers(options: IceOptions & { turn: TurnConfig | null; peerId: string }): IceServers {
  const base = options.configured ?? iceServersFor(options);
  if (!options.turn) return base;
  const { username, credential } = turnCredential(options.turn.secret, options.peerId, options.turn.ttlSeconds);
  return [...base, { urls: options.turn.urls, username, credential }];
}
