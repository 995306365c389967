import { networkInterfaces } from 'node:os';

/** IPv4 addresses of this machine that another device on the LAN can reach (no loopback, no link-local). */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal && !entry.address.startsWith('169.254.')) out.push(entry.address);
    }
  }
  return out;
}

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLocalHostname(hostname: string): boolean {
  return LOCAL_HOSTNAMES.has(hostname) || hostname.endsWith('.localhost');
}

/**
 * The base URL put into share links and QR codes: PHUPPI_BASE_URL when set; otherwise the address the request
 * came to, except that localhost is replaced by the LAN address, since a phone cannot open "localhost".
 */
export function publicBaseUrl(options: { configured: string | null; protocol: string; host: string }): string {
  if (options.configured) return options.configured;
  const url = new URL(`${options.protocol}://${options.host}`);
  if (isLocalHostname(url.hostname)) {
    const lan = lanAddresses()[0];
    if (lan) url.hostname = lan;
  }
  return url.origin;
}
