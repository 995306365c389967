import type { FastifyPluginAsync } from 'fastify';
import type { ReceiveSessionService } from './receive-sessions.ts';

/** Page routes of Reverse P2P: /p2p/receive, /p2p/receive/:token/waiting, /p2p/receive/:shortcode. */
export const receivePageRoutes: FastifyPluginAsync<{ sessions: ReceiveSessionService; publicBaseUrl: (request: import('fastify').FastifyRequest) => string }> = async () => {
  // Filled in by the receive pages work (issue 5).
};
