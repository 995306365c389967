import * as openid from 'openid-client';
import type { OidcConfig } from '../config.ts';
import type { OidcProblem } from './oidc-problems.ts';
import type { OidcIdentity } from './oidc-sign-in.ts';
import type { OidcAttempt } from './oidc-state-cookie.ts';

/** The discovery document is fetched again after this long, so a provider's moved endpoints are picked up. */
const DISCOVERY_MS = 60 * 60 * 1000;
/** Seconds to wait for the provider, for each request. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** A sign-in that cannot go on, and why (the login page says it in words). */
export class OidcFailure extends Error {
  constructor(
    readonly problem: OidcProblem,
    options?: { cause?: unknown },
  ) {
    super(`OIDC sign-in failed: ${problem}`, options);
  }
}

/** Talks to the organisation's provider through openid-client: authorization code flow with PKCE and a nonce. */
export class OidcClient {
  #discovered: { config: openid.Configuration; at: number } | null = null;

  constructor(private readonly settings: OidcConfig) {}

  /** The discovered configuration; fetched when first needed, so the app starts while the provider is away. */
  async #configuration(): Promise<openid.Configuration> {
    if (this.#discovered && Date.now() - this.#discovered.at < DISCOVERY_MS) return this.#discovered.config;
    const { issuer, clientId, clientSecret } = this.settings;
    try {
      const config = await openid.discovery(
        new URL(issuer),
        clientId,
        undefined,
        // The default method of the standard, which Keycloak, Entra ID and Google all accept.
        openid.ClientSecretBasic(clientSecret),
        {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          // config.ts allows http:// only for a provider on this machine.
          execute: issuer.startsWith('http:') ? [openid.allowInsecureRequests] : [],
        },
      );
      this.#discovered = { config, at: Date.now() };
      return config;
    } catch (error) {
      throw new OidcFailure(isUnreachable(error) ? 'unreachable' : 'failed', { cause: error });
    }
  }

  /** Where to send the browser, and the attempt to keep until it comes back. */
  async start(redirectUri: string, next: string): Promise<{ url: URL; attempt: OidcAttempt }> {
    const config = await this.#configuration();
    const attempt: OidcAttempt = {
      state: openid.randomState(),
      nonce: openid.randomNonce(),
      codeVerifier: openid.randomPKCECodeVerifier(),
      redirectUri,
      next,
    };
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, attempt };
  }

  /**
   * Checks the provider's answer (`query` of the callback) against the attempt, exchanges the code and validates
   * the ID token; fetches the user info when the ID token lacks a claim the settings read.
   */
  async finish(query: URLSearchParams, attempt: OidcAttempt): Promise<OidcIdentity> {
    const config = await this.#configuration();
    const callbackUrl = new URL(attempt.redirectUri);
    callbackUrl.search = query.toString();
    try {
      const tokens = await openid.authorizationCodeGrant(config, callbackUrl, {
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        pkceCodeVerifier: attempt.codeVerifier,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcFailure('failed');
      let claims: Record<string, unknown> = { ...idToken };
      if (this.#wantsUserInfo(claims) && config.serverMetadata().userinfo_endpoint)
        claims = { ...(await openid.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...claims };
      return { issuer: idToken.iss, subject: idToken.sub, claims };
    } catch (error) {
      throw error instanceof OidcFailure ? error : new OidcFailure(problemOf(error), { cause: error });
    }
  }

  #wantsUserInfo(claims: Record<string, unknown>): boolean {
    const { usernameClaim, groupsClaim, adminGroup } = this.settings;
    return !(usernameClaim in claims) || (adminGroup !== null && !(groupsClaim in claims));
  }
}

function isUnreachable(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return error instanceof TypeError || name === 'TimeoutError' || name === 'AbortError';
}

function problemOf(error: unknown): OidcProblem {
  if (error instanceof openid.AuthorizationResponseError) return error.error === 'access_denied' ? 'denied' : 'failed';
  if (error instanceof openid.ResponseBodyError) return error.error === 'invalid_grant' ? 'code' : 'failed';
  return isUnreachable(error) ? 'unreachable' : 'failed';
}
