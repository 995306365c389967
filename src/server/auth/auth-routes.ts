import type {} from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateUserRequest,
  CreateUserResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  OkResponse,
  SetupRequest,
  UserListResponse,
} from '../../shared/api/auth.ts';
import { isolate } from '../../shared/isolate.ts';
import { conflict, forbidden, HttpError, sentence, unauthorized } from '../http/errors.ts';
import { errorResponses, PUBLIC, SIGNED_IN, SIGNED_IN_WRITE } from '../http/route-docs.ts';
import { requireAdmin, requireUser } from './guards.ts';
import { clearLoginCookie, LOGIN_COOKIE, startLogin } from './login-cookie.ts';
import type { LoginSessionRepository } from './login-session-repository.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.ts';
import type { SetupCode } from './setup-code.ts';
import { cleanUsername, type UserRepository } from './user-repository.ts';

export interface AuthRouteDeps {
  users: UserRepository;
  logins: LoginSessionRepository;
  setupCode: SetupCode;
}

const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const errors = errorResponses(400, 401, 403, 409, 429);
const tags = ['Login and users'];

/** Login, logout, who am I, the one-time setup, and administrators' list and creation of users. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, { users, logins, setupCode }) => {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Log in: sets the HttpOnly login cookie and answers the CSRF token',
        ...PUBLIC,
        body: LoginRequest,
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await users.findByUsername(username);
      // Unknown user and wrong password take the same time and get the same answer.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (!user || !ok) throw new HttpError(401, 'BAD_CREDENTIALS', sentence('view.apiError.badCredentials'));
      // Told only to someone who knows the password, so it reveals nothing to a guesser.
      if (user.disabled) throw forbidden(sentence('view.apiError.accountDisabled'), 'ACCOUNT_DISABLED');
      const csrfToken = await startLogin(logins, request, reply, user.id);
      return { id: user.id, username: user.username, csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Log out: ends this login (and the event streams it opened)',
        ...SIGNED_IN_WRITE,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[LOGIN_COOKIE];
      if (secret) await logins.destroy(secret);
      clearLoginCookie(reply);
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        summary: 'The logged-in user and the CSRF token of this login (401 when not logged in)',
        ...SIGNED_IN,
        response: { 200: MeResponse, ...errors },
      },
    },
    async (request) => {
      if (!request.user || !request.csrfToken) throw unauthorized();
      return { ...request.user, csrfToken: request.csrfToken };
    },
  );

  app.post(
    '/api/users',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Administrators: add a user who may open sessions',
        ...SIGNED_IN_WRITE,
        body: CreateUserRequest,
        response: { 201: CreateUserResponse, ...errors },
      },
    },
    async (request, reply) => {
      const username = cleanUsername(request.body.username);
      const user = await users.create(username, request.body.password, false);
      if (!user)
        throw conflict(sentence('view.apiError.usernameTaken', { username: isolate(username) }), 'USERNAME_TAKEN');
      return reply.status(201).send({ id: user.id, username: user.username });
    },
  );

  app.get(
    '/api/users',
    {
      preHandler: requireAdmin,
      schema: {
        tags,
        summary: 'Administrators: every user',
        ...SIGNED_IN,
        response: { 200: UserListResponse, ...errors },
      },
    },
    async () => ({ users: await users.list() }),
  );

  app.post(
    '/api/setup',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary: 'Create the first administrator with the setup code printed on the console, and log in',
        ...PUBLIC,
        body: SetupRequest,
        response: { 201: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      if (!setupCode.active || (await users.count()) > 0)
        throw forbidden(sentence('view.apiError.alreadySetUp'), 'ALREADY_SET_UP');
      if (!setupCode.matches(request.body.setupCode))
        throw forbidden(sentence('view.apiError.badSetupCode'), 'BAD_SETUP_CODE');
      const user = await users.create(request.body.username, request.body.password, true);
      if (!user) throw conflict(sentence('view.apiError.usernameTakenSetup'), 'USERNAME_TAKEN');
      setupCode.consume();
      const csrfToken = await startLogin(logins, request, reply, user.id);
      return reply.status(201).send({ id: user.id, username: user.username, csrfToken });
    },
  );
};
