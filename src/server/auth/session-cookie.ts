import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginSessionRepository } from './login-sessions.ts';

export const SESSION_COOKIE = 'phuppi_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** For long-lived responses of a logged-in user: `onEnd` is called when this request's login ends; answers the unsubscribe. */
    watchLogin: ((onEnd: () => void) => () => void) | null;
  }
}

const OPERATOR_PATHS = new Set(['/healthz', '/metrics']);

/** Loads `request.user` from the session cookie; assets and signaling never need it. */
export function registerSessionLoading(app: FastifyInstance, deps: { sessions: LoginSessionRepository }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('watchLogin', null);
  app.addHook('onRequest', async (request) => {
    // Assets and the operator's endpoints never need the user (and /healthz must answer while the database does not).
    if (request.url.startsWith('/assets/') || OPERATOR_PATHS.has(request.url)) return;
    const secret = request.cookies[SESSION_COOKIE];
    if (!secret) return;
    const session = await deps.sessions.find(secret);
    if (!session) return;
    request.user = session.user;
    request.csrfToken = session.csrfToken;
    request.watchLogin = (onEnd) => deps.sessions.watch(secret, session.expiresAt, onEnd);
  });
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
