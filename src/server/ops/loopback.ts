import type { FastifyRequest } from 'fastify';

/**
 * Whether the client (as trustProxy settled it: behind a proxy, the forwarded address) is this machine, so a
 * local health probe or scraper is never rate limited while a stranger through the proxy still is.
 */
export function isLoopbackClient(request: FastifyRequest): boolean {
  const ip = request.ip;
  return ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.');
}

/** For operator endpoints: generous for anyone, unlimited for a probe on this machine. */
export const OPERATOR_RATE_LIMIT = {
  max: 120,
  timeWindow: '1 minute',
  allowList: (request: FastifyRequest) => isLoopbackClient(request),
};
