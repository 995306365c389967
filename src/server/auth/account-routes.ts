import type {} from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangePasswordRequest,
  OkResponse,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserIdParams,
  UserSummary,
} from '../../shared/api/auth.ts';
import { badRequest } from '../http/errors.ts';
import { errorResponses, SIGNED_IN_WRITE } from '../http/route-docs.ts';
import { requestWords } from '../i18n/language-choice.ts';
import { accountPage } from '../views/account.ts';
import type { AccountUseCases } from './account-use-cases.ts';
import { requireAdmin, requireUser, requireUserPage, signedInUser } from './guards.ts';
import { LOGIN_COOKIE } from './login-cookie.ts';

/** Guessing a current password is as much worth limiting as guessing a login. */
const PASSWORD_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const errors = errorResponses(400, 401, 403, 404, 409, 429);
const tags = ['Login and users'];

/** The signed-in user's own account (page and password), and administrators' changes to other accounts. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountUseCases }> = async (app, { accounts }) => {
  app.get('/account', { preHandler: requireUserPage }, async (request, reply) =>
    reply.type('text/html').send(accountPage(signedInUser(request), requestWords(request))),
  );

  app.post(
    '/api/account/password',
    {
      preHandler: requireUser,
      config: { rateLimit: PASSWORD_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Change your own password; your other logins end',
        ...SIGNED_IN_WRITE,
        body: ChangePasswordRequest,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (request) => {
      await accounts.changeOwnPassword(
        signedInUser(request).id,
        request.body.currentPassword,
        request.body.newPassword,
        request.cookies[LOGIN_COOKIE],
      );
      return { ok: true };
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: "Administrators: set a user's password; that user's logins end",
        ...SIGNED_IN_WRITE,
        params: UserIdParams,
        body: ResetPasswordRequest,
        response: { 200: UserSummary, ...errors },
      },
    },
    async (request) =>
      accounts.resetPassword(Number(request.params.id), request.body.password, request.cookies[LOGIN_COOKIE]),
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Administrators: disable or enable a user, grant or remove administration',
        description: "Disabling ends the user's logins, receive sessions and shares.",
        ...SIGNED_IN_WRITE,
        params: UserIdParams,
        body: UpdateUserRequest,
        response: { 200: UserSummary, ...errors },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      const { disabled, isAdmin } = request.body;
      if (isAdmin === undefined) {
        if (disabled === undefined) throw badRequest('Say what to change: "disabled" or "isAdmin".', 'VALIDATION');
        return accounts.setDisabled(id, disabled);
      }
      if (disabled !== undefined) await accounts.setDisabled(id, disabled);
      return accounts.setAdmin(id, isAdmin);
    },
  );

  app.delete(
    '/api/users/:id',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Administrators: delete a user with its logins, receive sessions and shares',
        ...SIGNED_IN_WRITE,
        params: UserIdParams,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (request) => {
      await accounts.delete(Number(request.params.id));
      return { ok: true };
    },
  );
};
