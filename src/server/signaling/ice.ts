import type { IceConfigResponse } from '../../shared/api/common.ts';

/**
 * What browsers get as ICE servers: the configured list when there is one, otherwise only the embedded STUN
 * server at the address the browser used to reach us. Never a public host: the app must work offline.
 */
export function iceServersFor(options: { configured: RTCIceServer[] | null; stunPort: number | null; requestHostname: string }): IceConfigResponse['iceServers'] {
  if (options.configured) return options.configured as IceConfigResponse['iceServers'];
  if (!options.stunPort) return [];
  const host = options.requestHostname.includes(':') && !options.requestHostname.startsWith('[') ? `[${options.requestHostname}]` : options.requestHostname;
  return [{ urls: `stun:${host}:${options.stunPort}` }];
}
