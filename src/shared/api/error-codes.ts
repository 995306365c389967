/**
 * Every `code` the server puts in an error answer (`{error, code}`), with what it means. The server's error
 * helpers only take these (a typo is a type error), the pages match on them, and docs/openapi.json lists them
 * as the enum of the error schema.
 */
export const ERROR_CODES = {
  // Any endpoint
  BAD_REQUEST: 'The request is malformed (URL, header or a value the endpoint cannot use).',
  VALIDATION: 'The body, parameters or query do not match the endpoint schema.',
  INVALID_JSON: 'The body is not valid JSON (or is empty while it says it is JSON).',
  BODY_TOO_LARGE: 'The body is larger than 1 MiB.',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not application/json.',
  NOT_FOUND: 'No such endpoint, page or object (a link, session, share or guest).',
  RATE_LIMITED: 'Too many requests from this client address; wait a minute.',
  INTERNAL: 'The server failed; nothing about the cause is told.',
  DATABASE_UNAVAILABLE: '/healthz only: the database does not answer.',
  REDIS_UNAVAILABLE: '/healthz only, with status 200 "degraded": the Redis the instances share does not answer.',
  // Login and accounts
  UNAUTHORIZED: 'Not logged in (no or expired login cookie).',
  CSRF: 'A state-changing request of a logged-in user without the right X-CSRF-Token header.',
  FORBIDDEN: 'Logged in, but not allowed (for example not an administrator).',
  BAD_CREDENTIALS: 'Wrong username or password.',
  ACCOUNT_DISABLED: 'The account is disabled by an administrator.',
  WRONG_PASSWORD: 'The current password given to change it is not right.',
  USERNAME_TAKEN: 'Another account has this username.',
  USER_NOT_FOUND: 'No account with this id.',
  LAST_ADMIN: 'The change would leave no active administrator.',
  ALREADY_SET_UP: 'The one-time setup already ran (a user exists).',
  BAD_SETUP_CODE: 'The setup code is not the one printed on the server console.',
  // Sessions (receive sessions and shares)
  NOT_OWNER: 'The session belongs to another user.',
  EXPIRED: 'The session has expired (410).',
  CANCELLED: 'The owner cancelled the session (410).',
  BAD_PIN_FORMAT: 'The PIN is not two digits.',
  PIN_LOCKED: 'Too many wrong PINs: this address (15 minutes) or the whole session (until a new PIN) is locked.',
  PIN_CHANGED: 'The owner set a new PIN while this one was being checked.',
  BAD_TICKET: 'The ticket was not issued for this session.',
  TICKET_REVOKED: 'The ticket was taken back (new PIN, guest removed, or files over the limits); see `reason`.',
  BAD_PEER_ID: 'The peer id was not issued to this ticket or login.',
  OVER_GUEST_LIMIT: "The guest's files are more than the session accepts from one guest; see `limits`.",
  TOO_MANY_FILES: 'The session would hold more files than the server allows.',
  NAME_TOO_LONG: 'A file name segment is longer than 255 bytes.',
  SESSION_FULL: 'The session has as many guests as the server allows.',
  TOO_MANY_ADMISSIONS: 'This address entered too many correct PINs in the last minute.',
  TOO_MANY_CREATIONS: 'The user created too many sessions in the last minute.',
  TOO_MANY_ACTIVE_SESSIONS: 'The user has as many open sessions as the server allows.',
  // Signaling WebSocket upgrade (/peerjs)
  BAD_ORIGIN: 'The WebSocket was opened from a page of another site.',
  BAD_SIGNALING_TOKEN: 'The signaling credential is missing, wrong or expired.',
  TOO_MANY_SOCKETS: 'This address has too many signaling sockets open.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes as a list, in the order above. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];
