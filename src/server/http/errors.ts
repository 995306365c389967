import type { ErrorCode } from '../../shared/api/error-codes.ts';

/** An error that reaches the client as `{error, code}` with its HTTP status (docs/api.md, "Errors"). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code: ErrorCode = 'BAD_REQUEST') => new HttpError(400, code, message);
export const unauthorized = (message = 'Please log in first.') => new HttpError(401, 'UNAUTHORIZED', message);
export const forbidden = (message: string, code: ErrorCode = 'FORBIDDEN') => new HttpError(403, code, message);
export const notFound = (message = 'Not found.') => new HttpError(404, 'NOT_FOUND', message);
export const conflict = (message: string, code: ErrorCode) => new HttpError(409, code, message);
export const gone = (message: string, code: 'EXPIRED' | 'CANCELLED') => new HttpError(410, code, message);
