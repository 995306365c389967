import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import type { Language } from '../../shared/i18n/catalogue.ts';
import { isolate } from '../../shared/isolate.ts';
import { requestLanguage } from '../i18n/language-choice.ts';
import { type ApiErrorKey, HttpError, sayIn, sentence } from './errors.ts';

interface ErrorBody {
  error: string;
  code: ErrorCode;
  [key: string]: unknown;
}

/** Fastify's own client-error codes, mapped to the `{error, code}` shape with a sentence a person can read. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: ErrorCode; key: ApiErrorKey }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', key: 'view.apiError.invalidJson' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', key: 'view.apiError.emptyJson' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', key: 'view.apiError.bodyTooLarge' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', key: 'view.apiError.jsonOnly' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', key: 'view.apiError.badContentLength' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', key: 'view.apiError.badUrl' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 400, code: 'BAD_REQUEST', key: 'view.apiError.urlPartTooLong' },
};

/** Which part of the request failed its schema, in words. */
const INVALID_PART: Record<string, ApiErrorKey> = {
  body: 'view.apiError.invalidBody',
  querystring: 'view.apiError.invalidQuery',
  params: 'view.apiError.invalidParams',
  headers: 'view.apiError.invalidHeaders',
};

/** `error` as the HttpError it answers as: Fastify's own errors get their status, code and catalogue sentence. */
function asHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    // The schema's own words stay English (they name the API's fields); they are isolated from the sentence.
    const detail = fastifyError.message.replace(/^(body|params|querystring|headers)\/?\s*/, '');
    const key = INVALID_PART[fastifyError.validationContext ?? ''] ?? 'view.apiError.invalidRequest';
    return new HttpError(400, 'VALIDATION', sentence(key, { detail: isolate(detail) }));
  }
  const known = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (known) return new HttpError(known.status, known.code, sentence(known.key));
  if (fastifyError.statusCode === 429) return new HttpError(429, 'RATE_LIMITED', sentence('view.apiError.rateLimited'));
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new HttpError(fastifyError.statusCode, 'BAD_REQUEST', fastifyError.message || 'Bad request.');
  }
  return new HttpError(500, 'INTERNAL', sentence('view.apiError.internal'));
}

/** The `{error, code}` answer to `error`, its sentence said in `language` where the catalogue has it. */
export function errorBody(error: unknown, language: Language = 'en'): { status: number; body: ErrorBody } {
  const answer = asHttpError(error);
  return {
    status: answer.statusCode,
    body: { error: sayIn(answer.said, language), code: answer.code, ...answer.extra },
  };
}

/**
 * Errors the router raises before any route runs (a malformed or over-long URL): answered in the same shape,
 * where Fastify would otherwise write its own body, which echoes the URL back.
 */
export const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, request, reply) => {
  const { status, body } = errorBody(error, requestLanguage(request as FastifyRequest));
  void (reply as FastifyReply).status(status).type('application/json').send(body);
};

/**
 * The `{error, code}` answer. The page that asked shows the sentence as it comes, so it is said in the
 * request's language; the code says the same in any.
 */
function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const { status, body } = errorBody(error, requestLanguage(request));
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.status(status).type('application/json').header('vary', 'Accept-Language, Cookie').send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const said = sentence('view.apiError.noSuchEndpoint', { method: request.method, path: isolate(path) });
    sendError(request, reply, new HttpError(404, 'NOT_FOUND', said));
  });
}
