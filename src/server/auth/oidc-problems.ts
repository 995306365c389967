/**
 * Why a sign-in through the organisation's provider did not end signed in. The callback sends the browser to
 * the login page with one of these names (`/login?sso=<name>`); the page shows the matching sentence, so
 * nothing a stranger puts into a URL is ever shown as text.
 */
export const OIDC_PROBLEMS = {
  denied: 'Sign-in was cancelled at the sign-in service. Try again when you are ready.',
  state:
    'This sign-in was not started in this browser, took longer than 10 minutes, or was already used. Start again with the button below.',
  code: 'The sign-in service refused the sign-in code: it expired or was already used. Start again with the button below.',
  unreachable: 'The sign-in service cannot be reached right now. Try again in a moment, or log in with your password.',
  failed: 'Signing in through the sign-in service did not work. Try again, or ask an administrator.',
  'no-username': 'The sign-in service did not say which user name you have here. Ask an administrator.',
  'unknown-user': 'You have no account here yet. Ask an administrator to add you.',
  taken: 'Your user name here belongs to an account linked to someone else. Ask an administrator.',
  disabled: 'This account is disabled. Ask an administrator to enable it.',
} as const;

export type OidcProblem = keyof typeof OIDC_PROBLEMS;

/** The sentence for a `sso` query value, or null for anything else. */
export function oidcProblemMessage(name: unknown): string | null {
  return typeof name === 'string' && Object.hasOwn(OIDC_PROBLEMS, name) ? OIDC_PROBLEMS[name as OidcProblem] : null;
}
