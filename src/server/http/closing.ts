import type { FastifyInstance } from 'fastify';

/**
 * Once the app is closing, every answer still going out (requests in flight) says `Connection: close`, so its
 * connection ends with it instead of idling until the server's cut-off.
 */
export function registerClosingConnections(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
