import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Session tokens (64), shortcodes (12), tickets and peer ids are runs of 12 or more letters and digits; in a URL
 * they are secrets (/api/p2p/receive/<token>/…, /p2p/<shortcode>, ?next=…), so logs never keep them. Words in
 * our paths ("verify-pin", "receive") and asset hashes are shorter.
 */
const SECRET_LIKE = /[A-Za-z0-9]{12,}/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_LIKE, '[redacted]');
}

/** The request as Fastify logs it by default, with its URL redacted. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Logger options for the app: the given ones (or the configured level) plus the redacting request serializer. */
export function redactingLogger(given: FastifyServerOptions['logger'], level: string): FastifyServerOptions['logger'] {
  if (given === false) return false;
  const base = typeof given === 'object' && given !== null ? given : { level };
  const existing = (base as { serializers?: Record<string, unknown> }).serializers;
  return { ...base, serializers: { ...existing, req: requestForLog } } as FastifyServerOptions['logger'];
}
