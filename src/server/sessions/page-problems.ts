import { HttpError } from '../http/errors.ts';

/** What a shortcode in a link looks like; anything else is answered "not found" before the database is asked. */
export const SHORTCODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** What a session token in an owner's page URL looks like. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Why a link's page cannot be shown, and the status it is shown with. */
export type LinkProblem = 'not-found' | 'expired' | 'cancelled';
export const LINK_PROBLEM_STATUS: Record<LinkProblem, number> = { 'not-found': 404, expired: 410, cancelled: 410 };

/** 404: the link never existed (or was deleted); 410: it expired or its owner cancelled it; null: another error. */
export function linkProblem(error: unknown): LinkProblem | null {
  if (!(error instanceof HttpError)) return null;
  if (error.statusCode === 404) return 'not-found';
  if (error.statusCode === 410) return error.code === 'CANCELLED' ? 'cancelled' : 'expired';
  return null;
}
