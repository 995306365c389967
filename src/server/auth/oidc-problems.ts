/**
 * Why a sign-in through the organisation's provider did not end signed in. The callback sends the browser to
 * the login page with one of these names (`/login?sso=<name>`); the page shows the matching sentence of the
 * catalogue, in the page's language, so nothing a stranger puts into a URL is ever shown as text.
 */
import type { PageKey } from '../../shared/i18n/catalogue.ts';

export const OIDC_PROBLEMS = {
  denied: 'view.login.sso.denied',
  state: 'view.login.sso.state',
  code: 'view.login.sso.code',
  unreachable: 'view.login.sso.unreachable',
  failed: 'view.login.sso.failed',
  'no-username': 'view.login.sso.noUsername',
  'unknown-user': 'view.login.sso.unknownUser',
  taken: 'view.login.sso.taken',
  disabled: 'view.login.sso.disabled',
} as const satisfies Record<string, PageKey>;

export type OidcProblem = keyof typeof OIDC_PROBLEMS;

/** The catalogue key of the sentence for a `sso` query value, or null for anything else. */
export function oidcProblemKey(name: unknown): PageKey | null {
  return typeof name === 'string' && Object.hasOwn(OIDC_PROBLEMS, name) ? OIDC_PROBLEMS[name as OidcProblem] : null;
}
