import type { ErrorResponse } from '../../shared/api/common.ts';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { t, words } from './words.ts';

/**
 * What went wrong with a request: one of the server's error codes (src/shared/api/error-codes.ts), NETWORK when
 * the server could not be reached, or HTTP_<status> for an answer without a code (a proxy's error page).
 */
export type ApiErrorCode = ErrorCode | 'NETWORK' | `HTTP_${number}`;

/** An error answer from the server, with its code (docs/api.md, "Errors") and any extra fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * What to tell a person about a failed request: the page's own words where it has them (no connection, too
 * many requests), the server's sentence on an English page, else `fallback` (the server speaks English only).
 */
export function apiErrorText(e: unknown, fallback: string): string {
  if (!(e instanceof ApiError)) return fallback;
  if (e.code === 'NETWORK') return e.message;
  if (e.code === 'RATE_LIMITED') return t('api.rateLimited');
  return words().language === 'en' ? e.message : fallback;
}

let csrfToken: Promise<string | null> = Promise.resolve(null);

/** The logged-in user's CSRF token, or the promise of it: a state-changing request made before it is
 * known (a button pressed while the page is still starting) waits for it instead of being refused. */
export function setCsrfToken(token: string | Promise<string | null>): void {
  csrfToken = Promise.resolve(token);
}

/** JSON request to the app; state-changing requests carry the CSRF header once it is known. */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = method === 'GET' ? null : await csrfToken;
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t('api.network'), {});
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = data as Partial<ErrorResponse>;
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.error ?? t('api.status', { status: response.status }),
      data,
    );
  }
  return data as T;
}
