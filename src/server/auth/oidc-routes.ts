import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sameOriginPath } from '../../shared/same-origin-path.ts';
import { constantTimeEqual } from '../crypto.ts';
import { PUBLIC_RATE_LIMIT } from '../http/rate-limits.ts';
import { DEFAULT_PAGE } from './auth-pages.ts';
import { startLogin } from './login-cookie.ts';
import type { LoginSessionRepository } from './login-session-repository.ts';
import { type OidcClient, OidcFailure } from './oidc-client.ts';
import type { OidcProblem } from './oidc-problems.ts';
import type { OidcSignIn } from './oidc-sign-in.ts';
import type { OidcStateCookie } from './oidc-state-cookie.ts';

export const OIDC_LOGIN_PATH = '/auth/oidc/login';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
const MAX_NEXT_LENGTH = 1024;

/**
 * The redirect URI registered at the provider: under PHUPPI_BASE_URL, else under the address the browser used.
 * Not the LAN address that share links get instead of localhost: the browser must come back to the origin that
 * holds its attempt cookie.
 */
export function oidcCallbackUrl(configuredBaseUrl: string | null, request: FastifyRequest): string {
  return `${configuredBaseUrl ?? `${request.protocol}://${request.host}`}${OIDC_CALLBACK_PATH}`;
}

/** The login page's button. With PHUPPI_BASE_URL it starts there, where the provider will send the browser back. */
export function oidcLoginHref(configuredBaseUrl: string | null, next: string): string {
  return `${configuredBaseUrl ?? ''}${OIDC_LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

export interface OidcRouteDeps {
  client: OidcClient;
  stateCookie: OidcStateCookie;
  signIn: OidcSignIn;
  logins: LoginSessionRepository;
  configuredBaseUrl: string | null;
}

/** Back to the login page, which says what went wrong; the user can try again or use their password. */
function toLoginPage(reply: FastifyReply, problem: OidcProblem, next: string): FastifyReply {
  return reply.redirect(`/login?sso=${problem}&next=${encodeURIComponent(next)}`, 303);
}

function logFailure(request: FastifyRequest, failure: OidcFailure): void {
  const quiet = failure.problem === 'denied' || failure.problem === 'code';
  const detail = { problem: failure.problem, err: failure.cause };
  if (quiet) request.log.info(detail, 'OIDC sign-in did not complete');
  else request.log.warn(detail, 'OIDC sign-in failed');
}

/** Sign-in through the organisation's OpenID Connect provider: /auth/oidc/login and its callback. */
export const oidcRoutes: FastifyPluginAsync<OidcRouteDeps> = async (app, deps) => {
  const { client, stateCookie, signIn, logins, configuredBaseUrl } = deps;
  const publicRoute = { config: { rateLimit: PUBLIC_RATE_LIMIT } };

  app.get(OIDC_LOGIN_PATH, publicRoute, async (request, reply) => {
    const asked = sameOriginPath((request.query as { next?: unknown }).next, DEFAULT_PAGE);
    if (request.user) return reply.redirect(asked, 303);
    // It rides in the attempt cookie, which a browser drops beyond about 4 KB.
    const next = asked.length > MAX_NEXT_LENGTH ? DEFAULT_PAGE : asked;
    try {
      const { url, attempt } = await client.start(oidcCallbackUrl(configuredBaseUrl, request), next);
      stateCookie.set(request, reply, attempt);
      return reply.header('cache-control', 'no-store').redirect(url.href, 303);
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      logFailure(request, error);
      return toLoginPage(reply, error.problem, next);
    }
  });

  app.get(OIDC_CALLBACK_PATH, publicRoute, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    // The raw query: exactly what the provider sent, repeated parameters and all, for openid-client to check.
    const query = new URL(request.url, 'http://callback.invalid').searchParams;
    const attempt = stateCookie.take(request, reply);
    // The state ties the answer to this browser's attempt: without it anyone could log a victim into their account.
    if (!attempt || !constantTimeEqual(query.get('state') ?? '', attempt.state))
      return toLoginPage(reply, 'state', attempt?.next ?? DEFAULT_PAGE);
    try {
      const result = await signIn.userFor(await client.finish(query, attempt));
      if ('problem' in result) {
        request.log.info({ problem: result.problem }, 'OIDC sign-in refused');
        return toLoginPage(reply, result.problem, attempt.next);
      }
      await startLogin(logins, request, reply, result.user.id);
      return reply.redirect(attempt.next, 303);
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      logFailure(request, error);
      return toLoginPage(reply, error.problem, attempt.next);
    }
  });
};
