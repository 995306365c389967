import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import express from 'express';
import type { FastifyBaseLogger } from 'fastify';
import { ExpressPeerServer } from 'peer';
import WebSocket, { WebSocketServer } from 'ws';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import { PEER_KEY, type SignalingAdmission } from './admission.ts';
import { judgeClientMessage, MessageBudget } from './message-guard.ts';

export const SIGNALING_PATH = '/peerjs';
/** The WebSocket endpoint PeerJS clients open (`<path>/peerjs?key=…&id=…&token=…`). */
export const SOCKET_PATH = `${SIGNALING_PATH}/peerjs`;
/** An SDP offer is a few KiB; ws would otherwise buffer frames of up to 100 MiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface PeerSignaling {
  /** Handles an HTTP upgrade on the app's server; answers requests for other paths with 404. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every signaling socket, so the HTTP server can finish closing. */
  close(): Promise<void>;
  /** Signaling sockets open now (for the operator's metrics). */
  connectedPeers(): number;
  /** Closes the sockets of these peer ids (their tickets were taken back): a credential only opens a socket. */
  hangUp(peerIds: readonly string[]): void;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
};

function refuseUpgrade(socket: Duplex, status: number, code: ErrorCode, error: string): void {
  const body = JSON.stringify({ error, code });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Per socket: who it is (for log lines) and how much it may still send. */
interface SocketContext {
  address: string;
  budget: MessageBudget;
}

/**
 * The PeerJS-protocol signaling server (the official `peer` package) on the app's own port, so a LAN with no
 * internet works. It only relays: our admission decides who opens a socket (see admission.ts), and every
 * client frame is judged (message-guard.ts) before the PeerJS server parses it. Its HTTP routes are not
 * served (Fastify answers /peerjs, see signaling-routes.ts); discovery stays off.
 */
export function createPeerSignaling(
  server: HttpServer | HttpsServer,
  options: { admission: SignalingAdmission; log: FastifyBaseLogger },
): PeerSignaling {
  const { admission, log } = options;
  const contexts = new WeakMap<WebSocket, SocketContext>();
  const byPeerId = new Map<string, WebSocket>();

  /** Sockets whose 'message' and 'error' events pass through the guard before any PeerJS listener. */
  class GuardedSocket extends WebSocket {
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const context = contexts.get(this);
      if (event === 'error') {
        // ws closes the socket itself (1007 bad UTF-8, 1009 too big, …); PeerJS would rethrow this on its app.
        log.warn({ address: context?.address, err: (args[0] as Error)?.message }, 'signaling socket error; closed');
        return true;
      }
      if (event !== 'message') return super.emit(event, ...args);
      if (!context?.budget.take()) return this.#reject(context, 'too many messages');
      const data = args[0] as Buffer | ArrayBuffer | Buffer[];
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      const verdict = judgeClientMessage(buffer, Boolean(args[1]));
      if ('close' in verdict) return this.#reject(context, verdict.close);
      if ('drop' in verdict) {
        log.warn({ address: context.address, reason: verdict.drop }, 'signaling message dropped');
        return true;
      }
      // PeerJS would queue a message for an absent peer for seconds (a stranger could fill memory that way) and
      // then answer EXPIRE: answer it now, so the dial fails at once and nothing is held.
      if (verdict.dst !== undefined && !byPeerId.has(verdict.dst)) {
        this.send(JSON.stringify({ type: 'EXPIRE', src: verdict.dst }));
        return true;
      }
      return super.emit('message', verdict.relay, false);
    }

    #reject(context: SocketContext | undefined, reason: string): boolean {
      log.warn({ address: context?.address, reason }, 'signaling socket closed: malformed or unwanted message');
      this.close(1008, 'policy violation');
      return true;
    }
  }

  let socketServer: WebSocketServer | null = null;
  const peerApp = ExpressPeerServer(server, {
    path: '/',
    key: PEER_KEY,
    allow_discovery: false,
    createWebSocketServer: () =>
      (socketServer = new WebSocketServer({
        noServer: true,
        maxPayload: MAX_MESSAGE_BYTES,
        perMessageDeflate: false,
        WebSocket: GuardedSocket,
      })),
  });
  // Whatever still reaches the PeerJS server's error path is logged, never an unhandled 'error' event.
  peerApp.on('error', (error: Error) => log.warn({ err: error.message }, 'signaling error'));
  // Mounting is what starts the PeerJS server (its 'mount' hook); this app never serves a request.
  express().use(SIGNALING_PATH, peerApp);
  const wss = socketServer as WebSocketServer | null;
  if (!wss) throw new Error('PeerJS did not create its WebSocket server');

  return {
    upgrade(req, socket, head) {
      socket.on('error', () => socket.destroy()); // a client resetting mid-handshake is no server error
      if (new URL(req.url ?? '/', 'http://signaling').pathname !== SOCKET_PATH)
        return refuseUpgrade(socket, 404, 'NOT_FOUND', 'No WebSocket here.');
      const admitted = admission.admit(req);
      if (!admitted.ok) {
        log.warn({ address: admitted.address, reason: admitted.reason }, 'signaling socket refused');
        return refuseUpgrade(socket, admitted.status, admitted.code, `Signaling refused: ${admitted.reason}.`);
      }
      socket.once('close', admitted.release);
      wss.handleUpgrade(req, socket, head, (ws) => {
        contexts.set(ws, { address: admitted.address, budget: new MessageBudget() });
        // The token was checked here, so PeerJS's own token comparison only has to let this socket take the id
        // over from an older one of the same holder (a page that reconnects before the old socket timed out).
        req.url = `${SOCKET_PATH}?key=${PEER_KEY}&id=${admitted.peerId}&token=admitted`;
        const previous = byPeerId.get(admitted.peerId);
        byPeerId.set(admitted.peerId, ws);
        ws.once('close', () => {
          if (byPeerId.get(admitted.peerId) === ws) byPeerId.delete(admitted.peerId);
        });
        wss.emit('connection', ws, req);
        if (previous) {
          // PeerJS re-attached the id to this socket without a word; the client still waits for its OPEN.
          ws.send(JSON.stringify({ type: 'OPEN' }));
          previous.close(1000, 'replaced by a newer connection');
        }
      });
    },
    connectedPeers: () => byPeerId.size,
    hangUp: (peerIds) => {
      for (const peerId of peerIds) byPeerId.get(peerId)?.close(1008, 'ticket revoked');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
