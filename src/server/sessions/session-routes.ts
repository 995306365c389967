import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, type TSchema, Type } from 'typebox';
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
import { requireUser, signedInUser } from '../auth/guards.ts';
import type { BaseUrlOf } from '../http/base-url.ts';
import { PUBLIC_RATE_LIMIT } from '../http/rate-limits.ts';
import { errorResponses, PUBLIC, SIGNED_IN, SIGNED_IN_WRITE } from '../http/route-docs.ts';
import { streamEvents } from '../http/sse.ts';
import type { SignalingCredentials } from '../signaling/credentials.ts';
import { sanitizeOfferedFiles } from './file-metadata.ts';
import type { CreateInput, SessionUseCases } from './session-use-cases.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 410, 413, 423, 429);
const Ok = Type.Object({ ok: Type.Boolean() });
/**
 * A guest's `complete` lists up to MAX_FILES files, about 150 bytes each plus the name: more than the app-wide
 * body limit (1 MiB, about 6,000 files with short names). 4 MiB holds MAX_FILES files with names of about 250
 * characters on average; the list is checked entry by entry against its schema all the same.
 */
export const COMPLETE_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

interface SessionRoutesOptions<TPublic extends PublicSessionBase, TCreate extends TSchema> {
  sessions: SessionUseCases<TPublic>;
  baseUrl: BaseUrlOf;
  /** Checks that a guest registers only a peer id issued to its ticket. */
  credentials: SignalingCredentials;
  publicSchema: TSchema;
  createSchema: TCreate;
  /** Turns a validated create body into what the use case takes. */
  createInput(body: Static<TCreate>): CreateInput;
  /** How the OpenAPI document names this kind: its tag, and the noun its summaries use. */
  tag: string;
  noun: string;
}

/**
 * The session endpoints under one kind's prefix (docs/api.md). Both kinds get the same PIN, ticket, lock,
 * expiry, rate-limit and CSRF rules because they are the same routes over the same use cases.
 */
async function sessionRoutes<TPublic extends PublicSessionBase, TCreate extends TSchema>(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  options: SessionRoutesOptions<TPublic, TCreate>,
) {
  const { sessions, baseUrl, tag, noun } = options;
  const prefix = sessions.rules.apiPrefix;
  const ownerId = (request: Parameters<typeof signedInUser>[0]) => signedInUser(request).id;
  const publicRoute = { config: { rateLimit: PUBLIC_RATE_LIMIT } };
  const doc = (summary: string, access: object, description?: string) => ({
    tags: [tag],
    summary,
    ...(description ? { description } : {}),
    ...access,
  });

  app.post(
    `${prefix}/create`,
    {
      preHandler: requireUser,
      schema: {
        ...doc(
          `Open a ${noun}`,
          SIGNED_IN_WRITE,
          'Answers its token (for the owner API), shortcode and URL (the guest link) and its 2-digit PIN.',
        ),
        body: options.createSchema,
        response: { 201: CreateSessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<TCreate>;
      const created = await sessions.create(ownerId(request), options.createInput(body), baseUrl(request));
      return reply.status(201).send(created);
    },
  );

  app.get(
    prefix,
    {
      preHandler: requireUser,
      schema: {
        ...doc(`List your ${noun}s, newest first, with PIN, status, guests and files`, SIGNED_IN),
        response: { 200: OwnerSessionList, ...errors },
      },
    },
    async (request) => ({
      sessions: await sessions.list(ownerId(request), baseUrl(request)),
    }),
  );

  app.get(
    `${prefix}/:token`,
    {
      ...publicRoute,
      schema: {
        ...doc(`What a guest may see of a ${noun} (never the PIN or a peer id)`, PUBLIC),
        params: TokenParams,
        response: { 200: options.publicSchema, ...errors },
      },
    },
    async (request) => sessions.publicByToken(request.params.token, request.clientAddress),
  );

  app.delete(
    `${prefix}/:token`,
    {
      preHandler: requireUser,
      schema: {
        ...doc(`Cancel a ${noun}: later public calls answer 410`, SIGNED_IN_WRITE),
        params: TokenParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      await sessions.cancel(request.params.token, ownerId(request));
      return { ok: true };
    },
  );

  app.post(
    `${prefix}/:token/verify-pin`,
    {
      ...publicRoute,
      schema: {
        ...doc(
          'Check a PIN; a right one answers a ticket',
          PUBLIC,
          '200 for a right or a wrong PIN (`valid`, `attemptsRemaining`, `locked`); 423 PIN_LOCKED while this address or the session is locked.',
        ),
        params: TokenParams,
        body: VerifyPinRequest,
        response: { 200: VerifyPinResponse, ...errors },
      },
    },
    async (request) => sessions.verifyPin(request.params.token, request.body.pin, request.clientAddress),
  );

  app.post(
    `${prefix}/:token/connect`,
    {
      ...publicRoute,
      schema: {
        ...doc(
          "Register the guest's peer id, which the owner's browser then dials",
          PUBLIC,
          'Needs the ticket, and a peer id issued to that ticket by the signaling endpoint.',
        ),
        params: TokenParams,
        body: ConnectRequest,
        response: { 200: ConnectResponse, ...errors },
      },
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
      bodyLimit: COMPLETE_BODY_LIMIT_BYTES,
      schema: {
        ...doc(
          'Report the files the guest sent (or downloaded)',
          PUBLIC,
          "Needs the ticket. The list replaces the guest's earlier one; names are cleaned before they are stored.",
        ),
        params: TokenParams,
        body: CompleteRequest,
        response: { 200: CompleteResponse, ...errors },
      },
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
      schema: {
        ...doc('Whether a ticket still holds (403 TICKET_REVOKED with its reason when not)', PUBLIC),
        params: TokenParams,
        body: TicketStatusRequest,
        response: { 200: TicketStatusResponse, ...errors },
      },
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
        ...doc("Take one guest's ticket back", SIGNED_IN_WRITE),
        params: GuestParams,
        body: Type.Union([RemoveGuestRequest, Type.Null()]),
        response: { 200: GuestView, ...errors },
      },
    },
    async (request) =>
      sessions.removeGuest(
        request.params.token,
        ownerId(request),
        Number(request.params.guestId),
        request.body?.reason ?? 'removed',
      ),
  );

  app.post(
    `${prefix}/:token/reset-pin`,
    {
      preHandler: requireUser,
      schema: {
        ...doc('Set a new PIN: lifts every lock and revokes every ticket issued before it', SIGNED_IN_WRITE),
        params: TokenParams,
        response: { 200: ResetPinResponse, ...errors },
      },
    },
    async (request) => ({
      pin: await sessions.resetPin(request.params.token, ownerId(request)),
    }),
  );

  app.get(
    `${prefix}/:token/state`,
    {
      preHandler: requireUser,
      schema: {
        ...doc(`The owner's view of one ${noun} (the polling fallback of the event stream)`, SIGNED_IN),
        params: TokenParams,
        response: { 200: OwnerSessionView, ...errors },
      },
    },
    async (request) => sessions.ownerView(request.params.token, ownerId(request), baseUrl(request)),
  );

  app.get(
    `${prefix}/:token/events`,
    {
      preHandler: requireUser,
      schema: {
        ...doc(
          `The owner's live events of one ${noun} (Server-Sent Events)`,
          SIGNED_IN,
          'text/event-stream: `snapshot` first, then `guest-verified`, `guest-connected`, `guest-completed`, `guest-revoked` and `session-ended` (docs/api.md, "Owner events").',
        ),
        params: TokenParams,
        response: {
          200: {
            description: 'One event per message: `event: <type>`, `data: <the event as JSON>`.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const stream = streamEvents(request, reply);
      const { snapshot, unsubscribe } = await sessions.subscribe(
        request.params.token,
        ownerId(request),
        baseUrl(request),
        (event) => {
          stream.send(event.type, event);
          // A fresh snapshot after a bus outage may be the first news that the session ended.
          if (event.type === 'session-ended' || (event.type === 'snapshot' && !event.session.isActive)) stream.end();
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

const ReceiveCreateBody = Type.Union([CreateReceiveRequest, Type.Null()]);

export const receiveSessionRoutes: FastifyPluginAsyncTypebox<{
  sessions: SessionUseCases<PublicSessionResponse>;
  baseUrl: BaseUrlOf;
  credentials: SignalingCredentials;
}> = (app, { sessions, baseUrl, credentials }) =>
  sessionRoutes(app, {
    sessions,
    baseUrl,
    credentials,
    publicSchema: PublicSessionResponse,
    createSchema: ReceiveCreateBody,
    createInput: (body) => body ?? {},
    tag: 'Receive sessions',
    noun: 'receive session',
  });

export const shareRoutes: FastifyPluginAsyncTypebox<{
  sessions: SessionUseCases<PublicShareResponse>;
  baseUrl: BaseUrlOf;
  credentials: SignalingCredentials;
}> = (app, { sessions, baseUrl, credentials }) =>
  sessionRoutes(app, {
    sessions,
    baseUrl,
    credentials,
    publicSchema: PublicShareResponse,
    createSchema: CreateShareRequest,
    createInput: (body) => ({ expiresIn: body.expiresIn, offered: sanitizeOfferedFiles(body.files) }),
    tag: 'Shares',
    noun: 'share',
  });
