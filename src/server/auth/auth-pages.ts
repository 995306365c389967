import type { FastifyPluginAsync } from 'fastify';
import { sameOriginPath } from '../../shared/same-origin-path.ts';
import { forbidden, sentence } from '../http/errors.ts';
import { requestWords } from '../i18n/language-choice.ts';
import { adminUsersPage } from '../views/admin-users.ts';
import { loginPage, setupPage } from '../views/login.ts';
import { requireUserPage } from './guards.ts';
import { oidcProblemKey } from './oidc-problems.ts';
import type { SetupCode } from './setup-code.ts';
import type { UserRepository } from './user-repository.ts';

/** Where a visitor goes after logging in when `next` names no page of this site. */
export const DEFAULT_PAGE = '/p2p/receive';

/** The login page's "Sign in with …" button, when an OpenID Connect provider is configured. */
export interface SingleSignOnButton {
  name: string;
  href(next: string): string;
}

/** Page routes of logging in: /, /login, /setup, and the administrators' /admin/users. */
export const authPageRoutes: FastifyPluginAsync<{
  users: UserRepository;
  setupCode: SetupCode;
  singleSignOn: SingleSignOnButton | null;
}> = async (app, { users, setupCode, singleSignOn }) => {
  app.get('/', async (request, reply) => {
    if (request.user) return reply.redirect('/p2p/receive', 303);
    if (setupCode.active && (await users.count()) === 0) return reply.redirect('/setup', 303);
    return reply.redirect('/login', 303);
  });

  app.get('/login', async (request, reply) => {
    const query = request.query as { next?: unknown; sso?: unknown };
    const next = sameOriginPath(query.next, DEFAULT_PAGE);
    if (request.user) return reply.redirect(next, 303);
    const problem = oidcProblemKey(query.sso);
    const button = singleSignOn && { name: singleSignOn.name, href: singleSignOn.href(next) };
    return reply
      .type('text/html')
      .send(loginPage({ next, singleSignOn: button, problem, words: requestWords(request) }));
  });

  app.get('/admin/users', { preHandler: requireUserPage }, async (request, reply) => {
    if (!request.user?.isAdmin) throw forbidden(sentence('view.apiError.adminsOnlyUsers'));
    return reply.type('text/html').send(adminUsersPage(request.user, requestWords(request)));
  });

  app.get('/setup', async (request, reply) => {
    if (!setupCode.active || (await users.count()) > 0) return reply.redirect('/login', 303);
    return reply.type('text/html').send(setupPage(requestWords(request)));
  });
};
