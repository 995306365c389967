import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What the callback must find again: kept in the browser that started the sign-in, sealed. */
export interface OidcAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The redirect URI sent to the provider; the token request must name it again. */
  redirectUri: string;
  /** Where the user goes once signed in (a path on this site). */
  next: string;
}

export const OIDC_STATE_COOKIE = 'phuppi_oidc';
/** Time to sign in at the provider (typing a password, a second factor) before the attempt is void. */
export const ATTEMPT_SECONDS = 600;
const COOKIE_PATH = '/auth/oidc/';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals sign-in attempts into a cookie (AES-256-GCM) instead of keeping them on the server: any instance can
 * finish an attempt another one started, and strangers who start attempts make the server hold nothing. The key
 * is derived from the client secret, which every instance has and no browser does.
 */
export class OidcStateCookie {
  readonly #key: Buffer;

  constructor(clientSecret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', clientSecret, 'phuppi', 'oidc sign-in attempt cookie v1', 32));
  }

  seal(attempt: OidcAttempt, now = Date.now()): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const plain = JSON.stringify({ ...attempt, expiresAt: now + ATTEMPT_SECONDS * 1000 });
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return sealed.toString('base64url');
  }

  /** The attempt, or null when the value was not sealed here, was altered, or has expired. */
  open(value: string | undefined, now = Date.now()): OidcAttempt | null {
    if (!value) return null;
    const sealed = Buffer.from(value, 'base64url');
    if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const { expiresAt, ...attempt } = JSON.parse(plain) as OidcAttempt & { expiresAt: number };
      return expiresAt > now ? attempt : null;
    } catch {
      return null;
    }
  }

  set(request: FastifyRequest, reply: FastifyReply, attempt: OidcAttempt): void {
    // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
    reply.setCookie(OIDC_STATE_COOKIE, this.seal(attempt), {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: ATTEMPT_SECONDS,
    });
  }

  /** Reads the attempt and ends it: a callback URL works once. */
  take(request: FastifyRequest, reply: FastifyReply): OidcAttempt | null {
    reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
    return this.open(request.cookies[OIDC_STATE_COOKIE]);
  }
}
