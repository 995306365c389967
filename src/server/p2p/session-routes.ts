import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { ErrorResponse } from '../../shared/api/common.ts';
import {
  CompleteRequest,
  CompleteResponse,
  ConnectRequest,
  ConnectResponse,
  CreateReceiveRequest,
  CreateSessionResponse,
  CreateShareRequest,
  GuestParams,
  GuestView,
  OwnerSessionList,
  OwnerSessionView,
  type PublicSessionBase,
  PublicSessionResponse,
  PublicShareResponse,
  RemoveGuestRequest,
  ResetPinResponse,
  TicketStatusRequest,
  TicketStatusResponse,
  TokenParams,
  VerifyPinRequest,
  VerifyPinResponse,
} from '../../shared/api/p2p.ts';
import { requireUser } from '../auth/guards.ts';
import type { BaseUrlOf } from '../http/base-url.ts';
import { streamEvents } from '../http/sse.ts';
import type { SignalingCredentials } from '../signaling/credentials.ts';
import type { ReceiveSessionService } from './receive-sessions.ts';
import { sanitizeOfferedFiles } from './received-files.ts';
import type { CreateInput, P2PSessionService } from './session-service.ts';
import type { ShareSessionService } from './share-sessions.ts';

/** SPEC §6: at least 60 requests a minute per address pass on each public endpoint; bursts beyond do not. */
export const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  410: ErrorResponse,
  413: ErrorResponse,
  423: ErrorResponse,
  429: ErrorResponse,
};
const Ok = Type.Object({ ok: Type.Boolean() });

interface SessionRoutesOptions<TPublic extends PublicSessionBase> {
  /** `/api/p2p/receive` (reverse) or `/api/p2p` (forward). */
  prefix: string;
  sessions: P2PSessionService<TPublic>;
  baseUrl: BaseUrlOf;
  /** Checks that a guest registers only a peer id issued to its ticket. */
  credentials: SignalingCredentials;
  publicSchema: TSchema;
  createSchema: TSchema;
  /** Turns a validated create body into what the service stores. */
  createInput(body: any): CreateInput;
}

/**
 * The endpoints of SPEC §5 under one prefix. Both directions get the same PIN, ticket, lock, expiry,
 * rate-limit and CSRF rules because they are the same routes over the same service.
 */
async function sessionApiRoutes<TPublic extends PublicSessionBase>(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  options: SessionRoutesOptions<TPublic>,
) {
  const { prefix, sessions, baseUrl } = options;
  const userId = (request: { user: { id: number } | null }) => request.user!.id;
  const publicRoute = { config: { rateLimit: PUBLIC_RATE_LIMIT } };

  app.post(
    `${prefix}/create`,
    {
      preHandler: requireUser,
      schema: { body: options.createSchema, response: { 201: CreateSessionResponse, ...errors } },
    },
    async (request, reply) => {
      const created = await sessions.create(userId(request), options.createInput(request.body), baseUrl(request));
      return reply.status(201).send(created);
    },
  );

  app.get(
    prefix,
    { preHandler: requireUser, schema: { response: { 200: OwnerSessionList, ...errors } } },
    async (request) => ({
      sessions: await sessions.list(userId(request), baseUrl(request)),
    }),
  );

  app.get(
    `${prefix}/:token`,
    { ...publicRoute, schema: { params: TokenParams, response: { 200: options.publicSchema, ...errors } } },
    async (request) => sessions.publicByToken(request.params.token, request.clientAddress),
  );

  app.delete(
    `${prefix}/:token`,
    { preHandler: requireUser, schema: { params: TokenParams, response: { 200: Ok, ...errors } } },
    async (request) => {
      await sessions.cancel(request.params.token, userId(request));
      return { ok: true };
    },
  );

  app.post(
    `${prefix}/:token/verify-pin`,
    {
      ...publicRoute,
      schema: { params: TokenParams, body: VerifyPinRequest, response: { 200: VerifyPinResponse, ...errors } },
    },
    async (request) => sessions.verifyPin(request.params.token, request.body.pin, request.clientAddress),
  );

  app.post(
    `${prefix}/:token/connect`,
    {
      ...publicRoute,
      schema: { params: TokenParams, body: ConnectRequest, response: { 200: ConnectResponse, ...errors } },
    },
    async (request) => {
      const peerId = request.body.peerjs_id;
      const guest = await sessions.connect(request.params.token, request.body.ticket, peerId, (guestId) =>
        options.credentials.isIssuedTo(peerId, { guest: { kind: sessions.kind, id: guestId } }),
      );
      return { ok: true, guestId: guest.id };
    },
  );

  app.post(
    `${prefix}/:token/complete`,
    {
      ...publicRoute,
      schema: { params: TokenParams, body: CompleteRequest, response: { 200: CompleteResponse, ...errors } },
    },
    async (request) => ({
      ok: true,
      files: await sessions.complete(request.params.token, request.body.ticket, request.body.files),
    }),
  );

  app.post(
    `${prefix}/:token/ticket-status`,
    {
      ...publicRoute,
      schema: { params: TokenParams, body: TicketStatusRequest, response: { 200: TicketStatusResponse, ...errors } },
    },
    async (request) => {
      const guest = await sessions.guestByTicket(request.params.token, request.body.ticket);
      return { ok: true, guestId: guest.id };
    },
  );

  app.delete(
    `${prefix}/:token/guests/:guestId`,
    {
      preHandler: requireUser,
      schema: {
        params: GuestParams,
        body: Type.Union([RemoveGuestRequest, Type.Null()]),
        response: { 200: GuestView, ...errors },
      },
    },
    async (request) =>
      sessions.removeGuest(
        request.params.token,
        userId(request),
        Number(request.params.guestId),
        request.body?.reason ?? 'removed',
      ),
  );

  app.post(
    `${prefix}/:token/reset-pin`,
    { preHandler: requireUser, schema: { params: TokenParams, response: { 200: ResetPinResponse, ...errors } } },
    async (request) => ({
      pin: await sessions.resetPin(request.params.token, userId(request)),
    }),
  );

  app.get(
    `${prefix}/:token/state`,
    { preHandler: requireUser, schema: { params: TokenParams, response: { 200: OwnerSessionView, ...errors } } },
    async (request) => sessions.ownerView(request.params.token, userId(request), baseUrl(request)),
  );

  app.get(
    `${prefix}/:token/events`,
    { preHandler: requireUser, schema: { params: TokenParams } },
    async (request, reply) => {
      const stream = streamEvents(request, reply);
      const { snapshot, unsubscribe } = await sessions.subscribe(
        request.params.token,
        userId(request),
        baseUrl(request),
        (event) => {
          stream.send(event.type, event);
          if (event.type === 'session-ended') stream.end();
        },
      );
      stream.onClose(unsubscribe);
      // The stream was opened by one login: it ends when that login does (logout or expiry).
      const unwatch = request.watchLogin?.(() => stream.end());
      if (unwatch) stream.onClose(unwatch);
      stream.start();
      stream.send('snapshot', { type: 'snapshot', session: snapshot });
    },
  );
}

export const receiveApiRoutes: FastifyPluginAsyncTypebox<{
  sessions: ReceiveSessionService;
  baseUrl: BaseUrlOf;
  credentials: SignalingCredentials;
}> = (app, { sessions, baseUrl, credentials }) =>
  sessionApiRoutes(app, {
    prefix: '/api/p2p/receive',
    sessions,
    baseUrl,
    credentials,
    publicSchema: PublicSessionResponse,
    createSchema: Type.Union([CreateReceiveRequest, Type.Null()]),
    createInput: (body: CreateReceiveRequest | null) => body ?? {},
  });

export const shareApiRoutes: FastifyPluginAsyncTypebox<{
  sessions: ShareSessionService;
  baseUrl: BaseUrlOf;
  credentials: SignalingCredentials;
}> = (app, { sessions, baseUrl, credentials }) =>
  sessionApiRoutes(app, {
    prefix: '/api/p2p',
    sessions,
    baseUrl,
    credentials,
    publicSchema: PublicShareResponse,
    createSchema: CreateShareRequest,
    createInput: (body: { expiresIn?: number; files: Array<{ name: string; size: number; type?: string }> }) => ({
      expiresIn: body.expiresIn,
      offered: sanitizeOfferedFiles(body.files),
    }),
  });
