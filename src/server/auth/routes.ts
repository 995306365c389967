import type {} from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateUserRequest,
  CreateUserResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
  SetupRequest,
  UserListResponse,
} from '../../shared/api/auth.ts';
import { ErrorResponse } from '../../shared/api/common.ts';
import { conflict, forbidden, HttpError, unauthorized } from '../http/errors.ts';
import { requireAdmin, requireUser } from './guards.ts';
import type { LoginSessionRepository } from './login-sessions.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.ts';
import type { SetupCode } from './setup-code.ts';
import { cleanUsername, type UserRepository } from './users.ts';

export interface AuthRouteDeps {
  users: UserRepository;
  sessions: LoginSessionRepository;
  setupCode: SetupCode;
}

const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, { users, sessions, setupCode }) => {
  /** Starts a fresh session (a new id at every login, so a planted cookie is useless) and drops the old one. */
  async function startSession(
    request: Parameters<typeof setSessionCookie>[0],
    reply: Parameters<typeof setSessionCookie>[1],
    userId: number,
  ) {
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await sessions.destroy(previous);
    const session = await sessions.create(userId);
    setSessionCookie(request, reply, session.secret, session.maxAgeSeconds);
    return session.csrfToken;
  }

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { body: LoginRequest, response: { 200: LoginResponse, ...errors } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await users.findByUsername(username);
      // Unknown user and wrong password take the same time and get the same answer.
      const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (!user || !ok) throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong username or password.');
      // Told only to someone who knows the password, so it reveals nothing to a guesser.
      if (user.disabled)
        throw forbidden('This account is disabled. Ask an administrator to enable it.', 'ACCOUNT_DISABLED');
      const csrfToken = await startSession(request, reply, user.id);
      return { id: user.id, username: user.username, csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: requireUser,
      schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errors } },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await sessions.destroy(secret);
      clearSessionCookie(reply);
      return { ok: true };
    },
  );

  app.get('/api/auth/me', { schema: { response: { 200: MeResponse, ...errors } } }, async (request) => {
    if (!request.user || !request.csrfToken) throw unauthorized();
    return { ...request.user, csrfToken: request.csrfToken };
  });

  app.post(
    '/api/users',
    { preHandler: requireAdmin, schema: { body: CreateUserRequest, response: { 201: CreateUserResponse, ...errors } } },
    async (request, reply) => {
      const username = cleanUsername(request.body.username);
      const user = await users.create(username, request.body.password, false);
      if (!user) throw conflict(`The username "${username}" is taken.`, 'USERNAME_TAKEN');
      return reply.status(201).send({ id: user.id, username: user.username });
    },
  );

  app.get(
    '/api/users',
    { preHandler: requireAdmin, schema: { response: { 200: UserListResponse, ...errors } } },
    async () => ({ users: await users.list() }),
  );

  app.post(
    '/api/setup',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { body: SetupRequest, response: { 201: LoginResponse, ...errors } },
    },
    async (request, reply) => {
      if (!setupCode.active || (await users.count()) > 0)
        throw forbidden('This server is already set up. Log in instead.', 'ALREADY_SET_UP');
      if (!setupCode.matches(request.body.setupCode))
        throw forbidden('That setup code is not right. It is printed in the server console.', 'BAD_SETUP_CODE');
      const user = await users.create(request.body.username, request.body.password, true);
      if (!user) throw conflict('The username is taken.', 'USERNAME_TAKEN');
      setupCode.consume();
      const csrfToken = await startSession(request, reply, user.id);
      return reply.status(201).send({ id: user.id, username: user.username, csrfToken });
    },
  );
};
