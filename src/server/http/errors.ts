import type { ErrorCode } from '../../shared/api/error-codes.ts';
import type { Language, PageKey } from '../../shared/i18n/catalogue.ts';
import { wordsFor } from '../i18n/translations.ts';

/** The catalogue's `view.apiError.*`: the API's sentences that the owner's pages show as they come. */
export type ApiErrorKey = Extract<PageKey, `view.apiError.${string}`>;

/** What an error says: a catalogue sentence, said in the language of the request that gets it, or plain English. */
export type ApiSentence = { key: ApiErrorKey; vars?: Record<string, string | number> } | string;

/** `key` of the catalogue, with its `{{name}}`s filled from `vars`. */
export const sentence = (key: ApiErrorKey, vars?: Record<string, string | number>): ApiSentence => ({ key, vars });

/** `said` in `language`; English sentences stay English. */
export function sayIn(said: ApiSentence, language: Language): string {
  return typeof said === 'string' ? said : wordsFor(language).t(said.key, said.vars);
}

/**
 * An error that reaches the client as `{error, code}` with its HTTP status (docs/api.md, "Errors"). Its `message`
 * is the English sentence (for logs and English requests); `said` is what each request is told.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly said: ApiSentence,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(sayIn(said, 'en'));
  }
}

export const badRequest = (said: ApiSentence, code: ErrorCode = 'BAD_REQUEST') => new HttpError(400, code, said);
export const unauthorized = () => new HttpError(401, 'UNAUTHORIZED', sentence('view.apiError.logInFirst'));
export const forbidden = (said: ApiSentence, code: ErrorCode = 'FORBIDDEN') => new HttpError(403, code, said);
export const notFound = (said: ApiSentence) => new HttpError(404, 'NOT_FOUND', said);
export const conflict = (said: ApiSentence, code: ErrorCode) => new HttpError(409, code, said);
export const gone = (said: ApiSentence, code: 'EXPIRED' | 'CANCELLED') => new HttpError(410, code, said);
