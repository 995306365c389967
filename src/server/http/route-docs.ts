import { ErrorResponse } from '../../shared/api/common.ts';

/**
 * What the OpenAPI document says of a route besides its schemas: who may call it. The guards (auth/guards.ts)
 * enforce it; these only describe it, under the security schemes named in openapi.ts.
 */
export const PUBLIC = { security: [] };
/** A logged-in user's read: the login cookie. */
export const SIGNED_IN = { security: [{ loginCookie: [] }] };
/** A logged-in user's change: the login cookie and the X-CSRF-Token header. */
export const SIGNED_IN_WRITE = { security: [{ loginCookie: [], csrfToken: [] }] };

/** The `{error, code}` answer under each status a route may give. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse])) as Record<S, typeof ErrorResponse>;
}
