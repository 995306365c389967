import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IceConfigResponse } from '../../shared/api/common.ts';
import { TokenParams } from '../../shared/api/p2p.ts';
import {
  GuestCredentialRequest,
  type IceTransportPolicy,
  OwnerCredentialRequest,
  SignalingCredential,
} from '../../shared/api/signaling.ts';
import { requireUser, signedInUser } from '../auth/guards.ts';
import type { SessionKind } from '../db/schema.ts';
import { forbidden, HttpError } from '../http/errors.ts';
import { PUBLIC_RATE_LIMIT } from '../http/rate-limits.ts';
import { errorResponses, PUBLIC, SIGNED_IN_WRITE } from '../http/route-docs.ts';
import type { PeerHolder, SignalingCredentials } from './credentials.ts';
import { type IceServer, iceServersFor, privilegedIceServers } from './ice.ts';
import { SIGNALING_PATH } from './peer-server.ts';
import type { TurnConfig } from './turn.ts';

/** What a guest credential needs of a kind's use cases: the guest a ticket belongs to (403/404/410 otherwise). */
export interface TicketedSessions {
  kind: SessionKind;
  rules: { apiPrefix: string };
  guestByTicket(token: string, ticket: string): Promise<{ id: number }>;
}

export interface SignalingRoutesOptions {
  credentials: SignalingCredentials;
  configuredIce: IceServer[] | null;
  stunPort: number | null;
  turn: TurnConfig | null;
  iceTransportPolicy: IceTransportPolicy;
  /** Guest credentials per session kind, under the kind's API prefix. */
  guestSessions: TicketedSessions[];
}

const errors = errorResponses(400, 401, 403, 404, 410, 429);
const publicRoute = { config: { rateLimit: PUBLIC_RATE_LIMIT } };

/**
 * Who may register with /peerjs: a logged-in owner (CSRF-protected) and a guest holding a valid ticket get a
 * signaling credential here. Asking again with the peer id the page already has renews its token, provided that
 * id was issued to the same owner or ticket, so a page re-registers the same id after losing signaling.
 */
export const signalingRoutes: FastifyPluginAsyncTypebox<SignalingRoutesOptions> = async (app, options) => {
  const { credentials } = options;

  const issue = (holder: PeerHolder, requestHostname: string, wanted: string | undefined): SignalingCredential => {
    if (wanted !== undefined && !credentials.isIssuedTo(wanted, holder)) {
      throw forbidden('This peer id was not issued to you. Reload the page.', 'BAD_PEER_ID');
    }
    const peerId = wanted ?? credentials.issuePeerId(holder);
    const { token, expiresAt } = credentials.token(peerId, holder);
    const iceServers = privilegedIceServers({
      configured: options.configuredIce,
      stunPort: options.stunPort,
      requestHostname,
      turn: options.turn,
      peerId,
    });
    return { peerId, token, expiresAt, iceServers, iceTransportPolicy: options.iceTransportPolicy };
  };

  app.get(
    '/api/config/ice',
    {
      ...publicRoute,
      schema: {
        tags: ['Signaling'],
        summary: 'The STUN servers a page may use (no TURN: that comes with a signaling credential)',
        ...PUBLIC,
        response: { 200: IceConfigResponse, ...errorResponses(429) },
      },
    },
    async (request) => ({
      iceServers: iceServersFor({
        configured: options.configuredIce,
        stunPort: options.stunPort,
        requestHostname: request.hostname,
      }),
    }),
  );

  app.post(
    '/api/signaling/credential',
    {
      preHandler: requireUser,
      schema: {
        tags: ['Signaling'],
        summary: "The owner's signaling credential: a peer id, a token to open /peerjs with it, ICE servers",
        description: 'Send the peer id the page already has to renew its token after losing signaling.',
        ...SIGNED_IN_WRITE,
        body: OwnerCredentialRequest,
        response: { 200: SignalingCredential, ...errors },
      },
    },
    async (request) => issue({ owner: signedInUser(request).id }, request.hostname, request.body?.peerId),
  );

  for (const sessions of options.guestSessions) {
    app.post(
      `${sessions.rules.apiPrefix}/:token/signaling`,
      {
        ...publicRoute,
        schema: {
          tags: [sessions.kind === 'receive' ? 'Receive sessions' : 'Shares'],
          summary: "A guest's signaling credential, for the holder of a ticket",
          description: 'The peer id it carries is the only one `connect` accepts for this ticket.',
          ...PUBLIC,
          params: TokenParams,
          body: GuestCredentialRequest,
          response: { 200: SignalingCredential, ...errors },
        },
      },
      async (request) => {
        const guest = await sessions.guestByTicket(request.params.token, request.body.ticket);
        return issue({ guest: { kind: sessions.kind, id: guest.id } }, request.hostname, request.body.peerId);
      },
    );
  }

  // PeerJS's HTTP routes (random ids, peer lists) are not needed: ids come with the credential above. Anything
  // under /peerjs that is not the WebSocket upgrade gets an ordinary answer: logged, rate limited, same headers.
  const noHttp = async () => {
    throw new HttpError(
      404,
      'NOT_FOUND',
      'Signaling runs over the WebSocket at /peerjs/peerjs with a signaling credential.',
    );
  };
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as Array<'GET'>;
  app.route({
    method: methods,
    url: SIGNALING_PATH,
    ...publicRoute,
    schema: { response: { 404: ErrorResponse } },
    handler: noHttp,
  });
  app.route({
    method: methods,
    url: `${SIGNALING_PATH}/*`,
    ...publicRoute,
    schema: { response: { 404: ErrorResponse } },
    handler: noHttp,
  });
};
