import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer } from 'ws';

export const SIGNALING_PATH = '/peerjs';

export interface PeerSignaling {
  /** Answers PeerJS's HTTP calls under /peerjs; the WebSocket upgrade is hooked on the server itself. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Drops every signaling socket, so the HTTP server can finish closing. */
  close(): Promise<void>;
  /** Signaling sockets open now (for the operator's metrics). */
  connectedPeers(): number;
}

/**
 * The PeerJS-protocol signaling server (the official `peer` package) on the app's own port, so a LAN with no
 * internet works. Discovery stays off: nobody can list peer ids, and the receiver's id is never published.
 */
export function createPeerSignaling(server: HttpServer | HttpsServer, options: { proxied: boolean }): PeerSignaling {
  let socketServer: WebSocketServer | null = null;
  const peerApp = ExpressPeerServer(server, {
    path: '/',
    allow_discovery: false,
    proxied: options.proxied,
    createWebSocketServer: (wsOptions) => (socketServer = new WebSocketServer(wsOptions)),
  });
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(SIGNALING_PATH, peerApp);
  return {
    handle: (request, response) => outer(request, response),
    connectedPeers: () => socketServer?.clients.size ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (!socketServer) return resolve();
        for (const client of socketServer.clients) client.terminate();
        socketServer.close(() => resolve());
      }),
  };
}
