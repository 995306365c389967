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
import { ErrorResponse } from '../../shared/api/common.ts';
import { badRequest } from '../http/errors.ts';
import { accountPage } from '../views/account.ts';
import type { AccountService } from './accounts.ts';
import { requireAdmin, requireUser, requireUserPage } from './guards.ts';
import { SESSION_COOKIE } from './session-cookie.ts';

/** Guessing a current password is as much worth limiting as guessing a login. */
const PASSWORD_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};

/** The signed-in user's own account (page and password), and administrators' changes to other accounts. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountService }> = async (app, { accounts }) => {
  app.get('/account', { preHandler: requireUserPage }, async (request, reply) =>
    reply.type('text/html').send(accountPage(request.user!)),
  );

  app.post(
    '/api/account/password',
    {
      preHandler: requireUser,
      config: { rateLimit: PASSWORD_RATE_LIMIT },
      schema: { body: ChangePasswordRequest, response: { 200: OkResponse, ...errors } },
    },
    async (request) => {
      await accounts.changeOwnPassword(
        request.user!.id,
        request.body.currentPassword,
        request.body.newPassword,
        request.cookies[SESSION_COOKIE]!,
      );
      return { ok: true };
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      preHandler: requireAdmin,
      schema: { params: UserIdParams, body: ResetPasswordRequest, response: { 200: UserSummary, ...errors } },
    },
    async (request) =>
      accounts.resetPassword(Number(request.params.id), request.body.password, request.cookies[SESSION_COOKIE]),
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: requireAdmin,
      schema: { params: UserIdParams, body: UpdateUserRequest, response: { 200: UserSummary, ...errors } },
    },
    async (request) => {
      const id = Number(request.params.id);
      const { disabled, isAdmin } = request.body;
      if (disabled === undefined && isAdmin === undefined)
        throw badRequest('Say what to change: "disabled" or "isAdmin".', 'VALIDATION');
      let user: UserSummary | undefined;
      if (disabled !== undefined) user = await accounts.setDisabled(id, disabled);
      if (isAdmin !== undefined) user = await accounts.setAdmin(id, isAdmin);
      return user!;
    },
  );

  app.delete(
    '/api/users/:id',
    {
      preHandler: requireAdmin,
      schema: { params: UserIdParams, response: { 200: OkResponse, ...errors } },
    },
    async (request) => {
      await accounts.delete(Number(request.params.id));
      return { ok: true };
    },
  );
};
