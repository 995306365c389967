import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../../shared/api/common.ts';
import {
  CompleteRequest,
  CompleteResponse,
  ConnectRequest,
  ConnectResponse,
  CreateReceiveRequest,
  CreateSessionResponse,
  OwnerSessionList,
  OwnerSessionView,
  PublicSessionResponse,
  ResetPinResponse,
  TokenParams,
  VerifyPinRequest,
  VerifyPinResponse,
} from '../../shared/api/p2p.ts';
import { requireUser } from '../auth/guards.ts';
import type { BaseUrlOf } from '../http/base-url.ts';
import { streamEvents } from '../http/sse.ts';
import type { ReceiveSessionService } from './receive-sessions.ts';

/** SPEC §6: at least 60 requests a minute per address pass on each public endpoint; bursts beyond do not. */
export const PUBLIC_RATE_LIMIT = { max: 120, timeWindow: '1 minute' };

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 410: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse };
const Ok = Type.Object({ ok: Type.Boolean() });

export const receiveApiRoutes: FastifyPluginAsyncTypebox<{ sessions: ReceiveSessionService; baseUrl: BaseUrlOf }> = async (app, { sessions, baseUrl }) => {
  const userId = (request: { user: { id: number } | null }) => request.user!.id;
  const publicRoute = { config: { rateLimit: PUBLIC_RATE_LIMIT } };

  app.post('/api/p2p/receive/create', { preHandler: requireUser, schema: { body: Type.Union([CreateReceiveRequest, Type.Null()]), response: { 201: CreateSessionResponse, ...errors } } }, async (request, reply) => {
    const created = await sessions.create(userId(request), request.body ?? {}, baseUrl(request));
    return reply.status(201).send(created);
  });

  app.get('/api/p2p/receive', { preHandler: requireUser, schema: { response: { 200: OwnerSessionList, ...errors } } }, async (request) => ({
    sessions: await sessions.list(userId(request), baseUrl(request)),
  }));

  app.get('/api/p2p/receive/:token', { ...publicRoute, schema: { params: TokenParams, response: { 200: PublicSessionResponse, ...errors } } }, async (request) =>
    sessions.publicByToken(request.params.token, request.ip),
  );

  app.delete('/api/p2p/receive/:token', { preHandler: requireUser, schema: { params: TokenParams, response: { 200: Ok, ...errors } } }, async (request) => {
    await sessions.cancel(request.params.token, userId(request));
    return { ok: true };
  });

  app.post('/api/p2p/receive/:token/verify-pin', { ...publicRoute, schema: { params: TokenParams, body: VerifyPinRequest, response: { 200: VerifyPinResponse, ...errors } } }, async (request) =>
    sessions.verifyPin(request.params.token, request.body.pin, request.ip),
  );

  app.post('/api/p2p/receive/:token/connect', { ...publicRoute, schema: { params: TokenParams, body: ConnectRequest, response: { 200: ConnectResponse, ...errors } } }, async (request) => {
    const guest = await sessions.connect(request.params.token, request.body.ticket, request.body.peerjs_id);
    return { ok: true, guestId: guest.id };
  });

  app.post('/api/p2p/receive/:token/complete', { ...publicRoute, schema: { params: TokenParams, body: CompleteRequest, response: { 200: CompleteResponse, ...errors } } }, async (request) => ({
    ok: true,
    files: await sessions.complete(request.params.token, request.body.ticket, request.body.files),
  }));

  app.post('/api/p2p/receive/:token/reset-pin', { preHandler: requireUser, schema: { params: TokenParams, response: { 200: ResetPinResponse, ...errors } } }, async (request) => ({
    pin: await sessions.resetPin(request.params.token, userId(request)),
  }));

  app.get('/api/p2p/receive/:token/state', { preHandler: requireUser, schema: { params: TokenParams, response: { 200: OwnerSessionView, ...errors } } }, async (request) =>
    sessions.ownerView(request.params.token, userId(request), baseUrl(request)),
  );

  app.get('/api/p2p/receive/:token/events', { preHandler: requireUser, schema: { params: TokenParams } }, async (request, reply) => {
    const stream = streamEvents(request, reply);
    const { snapshot, unsubscribe } = await sessions.subscribe(request.params.token, userId(request), baseUrl(request), (event) => {
      stream.send(event.type, event);
      if (event.type === 'session-ended') stream.end();
    });
    stream.onClose(unsubscribe);
    stream.start();
    stream.send('snapshot', { type: 'snapshot', session: snapshot });
  });
};
