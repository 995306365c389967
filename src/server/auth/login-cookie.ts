import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginSessionRepository } from './login-session-repository.ts';

export const LOGIN_COOKIE = 'phuppi_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** For long-lived responses of a logged-in user: `onEnd` is called when this request's login ends; answers the unsubscribe. */
    watchLogin: ((onEnd: () => void) => () => void) | null;
  }
}

const OPERATOR_PATHS = new Set(['/healthz', '/metrics']);

/** Loads `request.user` from the login cookie; assets and signaling never need it. */
export function registerLoginLoading(app: FastifyInstance, deps: { logins: LoginSessionRepository }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('watchLogin', null);
  app.addHook('onRequest', async (request) => {
    // Assets and the operator's endpoints never need the user (and /healthz must answer while the database does not).
    if (request.url.startsWith('/assets/') || OPERATOR_PATHS.has(request.url)) return;
    const secret = request.cookies[LOGIN_COOKIE];
    if (!secret) return;
    const login = await deps.logins.find(secret);
    if (!login) return;
    request.user = login.user;
    request.csrfToken = login.csrfToken;
    request.watchLogin = (onEnd) => deps.logins.watch(secret, login.expiresAt, onEnd);
  });
}

export function setLoginCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(LOGIN_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

/**
 * Starts a fresh login for `userId` (a new id every time, so a planted cookie is useless), drops the browser's
 * old one, and answers the new login's CSRF token. Every way of logging in ends here.
 */
export async function startLogin(
  logins: LoginSessionRepository,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
): Promise<string> {
  const previous = request.cookies[LOGIN_COOKIE];
  if (previous) await logins.destroy(previous);
  const login = await logins.create(userId);
  setLoginCookie(request, reply, login.secret, login.maxAgeSeconds);
  return login.csrfToken;
}

export function clearLoginCookie(reply: FastifyReply): void {
  reply.clearCookie(LOGIN_COOKIE, { path: '/' });
}
