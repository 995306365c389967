import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../crypto.ts';
import { forbidden, sentence, unauthorized } from '../http/errors.ts';
import type { User } from './user-repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For owner endpoints: a logged-in user, and on state-changing methods the `X-CSRF-Token` header
 * matching the session's token (a cross-site form or fetch cannot read or send it).
 */
export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.user) throw unauthorized();
  if (SAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !request.csrfToken || !constantTimeEqual(header, request.csrfToken)) {
    throw forbidden(sentence('view.apiError.csrf'), 'CSRF');
  }
}

/** The user of a request that passed `requireUser` (or `requireUserPage`); 401 should a route forget the guard. */
export function signedInUser(request: FastifyRequest): User {
  if (!request.user) throw unauthorized();
  return request.user;
}

export async function requireAdmin(request: FastifyRequest): Promise<void> {
  await requireUser(request);
  if (!request.user?.isAdmin) throw forbidden(sentence('view.apiError.adminsOnly'));
}

/** For pages: send a visitor who is not logged in to the login page, and back here afterwards. */
export async function requireUserPage(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.user) {
    const next = encodeURIComponent(request.url);
    await reply.redirect(`/login?next=${next}`, 303);
  }
}
