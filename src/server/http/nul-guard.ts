import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.ts';

/** A percent-encoded NUL byte anywhere in the URL, in either case. */
const ENCODED_NUL = /%00/;

/**
 * No address of this app has a NUL byte in it, and PostgreSQL text cannot hold one: a token like "%00" reached
 * the database and failed there (500). Such a URL is refused before any route runs.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (ENCODED_NUL.test(request.url)) throw badRequest('The URL contains a NUL byte.');
  });
}
