import type { FastifyRequest } from 'fastify';

/**
 * Whether the client (as trustProxy settled it: behind a proxy, the forwarded address) is this machine, so a
 * local health probe or scraper is never rate limited while a stranger through the proxy still is. A request
 * that carries a forwarded address came through a proxy: when that proxy is not trusted (PHUPPI_TRUST_PROXY
 * unset), `request.ip` is the proxy's own loopback address, so the request is a stranger's, not a probe's.
 */
export function isLoopbackClient(request: FastifyRequest): boolean {
  if (request.headers['x-forwarded-for'] !== undefined && request.ip === request.socket.remoteAddress) return false;
  const ip = request.ip;
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/** For operator endpoints: generous for anyone, unlimited for a probe on this machine. */
export const OPERATOR_RATE_LIMIT = {
  max: 120,
  timeWindow: '1 minute',
  allowList: (request: FastifyRequest) => isLoopbackClient(request),
};
