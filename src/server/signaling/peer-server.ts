import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import express from 'express';
import type { FastifyBaseLogger } from 'fastify';
import { ExpressPeerServer } from 'peer';
import WebSocket, { WebSocketServer } from 'ws';
import type { ErrorCode } from '../../shared/api/error-codes.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { PEER_KEY, type SignalingAdmission } from './admission.ts';
import { withDeadline } from './deadline.ts';
import { judgeClientMessage, MAX_MESSAGE_BYTES, MessageBudget, type RelayedMessage } from './message-guard.ts';
import { instanceOf, peerDirectory, REFRESH_INTERVAL_MS, type Registration, registrationOn } from './peer-directory.ts';
import { signalingBus } from './signaling-bus.ts';

export const SIGNALING_PATH = '/peerjs';
/** The WebSocket endpoint PeerJS clients open (`<path>/peerjs?key=…&id=…&token=…`). */
export const SOCKET_PATH = `${SIGNALING_PATH}/peerjs`;
/** Messages one socket may have waiting for the directory or the bus (a setup sends a few dozen in a burst). */
const MAX_PENDING_PER_SOCKET = 256;
/** How long a message waits for the directory and the bus before the sender is told EXPIRE. */
const RELAY_DEADLINE_MS = 2000;

export interface PeerSignaling {
  /** Handles an HTTP upgrade on the app's server; answers requests for other paths with 404. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Drops every signaling socket, so the HTTP server can finish closing. */
  close(): Promise<void>;
  /** Signaling sockets open now (for the operator's metrics). */
  connectedPeers(): number;
  /**
   * Closes the sockets of these peer ids on every instance (their tickets were taken back): a credential only
   * opens a socket.
   */
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

/** Per socket: who it is (for log lines and as `src`), how much it may still send, what waits to be routed. */
interface SocketContext {
  address: string;
  peerId: string;
  budget: MessageBudget;
  /** Messages routed in order: one for a peer elsewhere waits for the directory, the next waits for it. */
  queue: Promise<void>;
  pending: number;
}

/** A socket of this instance and the registration it holds its peer id by. */
interface HeldPeer {
  ws: WebSocket;
  registration: Registration;
}

/** What PeerJS answers about a peer that is not online; the dial fails at once. */
const expireText = (absent: string) => JSON.stringify({ type: 'EXPIRE', src: absent });

/** A relayed message as PeerJS itself sends it to the destination socket. */
const deliveryText = (message: RelayedMessage) =>
  message.type === 'EXPIRE'
    ? expireText(message.src)
    : JSON.stringify({ type: message.type, src: message.src, dst: message.dst, payload: message.payload });

/**
 * The PeerJS-protocol signaling server (the official `peer` package) on the app's own port, so a LAN with no
 * internet works. It only relays: our admission decides who opens a socket (see admission.ts), and every
 * client frame is judged (message-guard.ts) before the PeerJS server parses it. Its HTTP routes are not
 * served (Fastify answers /peerjs, see signaling-routes.ts); discovery stays off.
 *
 * With several instances, a message for a peer held elsewhere goes to that instance over the cluster bus (the
 * peer directory says which), and hang-ups reach every instance. PeerJS relays between sockets of one instance.
 */
export function createPeerSignaling(
  server: HttpServer | HttpsServer,
  options: {
    admission: SignalingAdmission;
    log: FastifyBaseLogger;
    cluster: Cluster;
  },
): PeerSignaling {
  const { admission, log, cluster } = options;
  const directory = peerDirectory(cluster);
  const contexts = new WeakMap<WebSocket, SocketContext>();
  const byPeerId = new Map<string, HeldPeer>();
  let registrations = 0;

  const bus = signalingBus(
    cluster,
    directory,
    {
      deliver(message, from) {
        const held = byPeerId.get(message.dst);
        if (held) held.ws.send(deliveryText(message));
        // Gone since the sender looked it up: answer as for a peer on no instance (never for LEAVE or EXPIRE).
        else if (message.type !== 'LEAVE' && message.type !== 'EXPIRE')
          void bus.relayTo(from, { type: 'EXPIRE', src: message.dst, dst: message.src });
      },
      replaced(peerId, registration) {
        const held = byPeerId.get(peerId);
        if (held?.registration === registration) held.ws.close(1000, 'replaced by a newer connection');
      },
      hangUp: (peerIds) => hangUpHere(peerIds),
    },
    log,
  );

  // One log line per outage, not one per message or socket (a stranger's messages must not flood the log).
  let directoryDown = false;
  const directoryTrouble = (error: Error, what: string) => {
    if (!directoryDown) log.error({ err: error.message }, what);
    directoryDown = true;
  };
  const directoryWorks = () => {
    if (directoryDown) log.warn('peer directory reachable again');
    directoryDown = false;
  };

  const hangUpHere = (peerIds: readonly string[]) => {
    for (const peerId of peerIds) byPeerId.get(peerId)?.ws.close(1008, 'ticket revoked');
  };

  /** A message for a peer not held here: to the instance holding it, or EXPIRE when it is on none. */
  const routeAway = async (from: WebSocket, message: RelayedMessage, relayHere: () => void): Promise<void> => {
    if (byPeerId.has(message.dst)) return relayHere(); // it registered here meanwhile
    try {
      const holder = await withDeadline(bus.relayToHolder(message), RELAY_DEADLINE_MS);
      directoryWorks();
      if (holder === 'sent') return;
      if (holder === 'here' && byPeerId.has(message.dst)) return relayHere();
    } catch (error) {
      // The directory is unreachable, and so are the other instances: only peers held here can be reached.
      directoryTrouble(error as Error, 'peer directory unreachable: only peers on this instance are reachable');
    }
    from.send(expireText(message.dst));
  };

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
      const relayHere = () => super.emit('message', verdict.relay, false);
      // A peer held here, with nothing of this socket still waiting: PeerJS relays it now, as in one process.
      if (verdict.dst === undefined || (context.pending === 0 && byPeerId.has(verdict.dst))) return relayHere();
      // PeerJS would queue a message for an absent peer for seconds (a stranger could fill memory that way) and
      // then answer EXPIRE: it goes to the instance holding the peer, or is answered EXPIRE at once.
      if (context.pending >= MAX_PENDING_PER_SOCKET) return this.#reject(context, 'too many messages waiting');
      const message = { type: verdict.type, src: context.peerId, dst: verdict.dst, payload: verdict.payload };
      context.pending++;
      context.queue = context.queue
        .then(() => routeAway(this, message, relayHere))
        .catch((error: Error) => log.warn({ address: context.address, err: error.message }, 'signaling relay failed'))
        .finally(() => context.pending--);
      return true;
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

  /** Records the id as held here; an older socket for it on another instance is told to close. */
  const register = (peerId: string, ws: WebSocket): void => {
    const registration = registrationOn(cluster.instanceId, ++registrations);
    const held = { ws, registration };
    byPeerId.set(peerId, held);
    directory.register(peerId, registration).then(
      (previous) => {
        const instance = previous === null ? null : instanceOf(previous);
        if (previous !== null && instance !== null && instance !== cluster.instanceId)
          bus.tellReplaced(instance, peerId, previous);
      },
      (error: Error) => directoryTrouble(error, 'peer directory unreachable; registered on the next refresh'),
    );
    ws.once('close', () => {
      if (byPeerId.get(peerId) !== held) return;
      byPeerId.delete(peerId);
      directory.unregister(peerId, registration).catch(() => undefined); // it expires anyway
    });
  };

  // Keeps this instance's registrations and admission counts alive; a socket whose id a newer registration took
  // over closes.
  const refresher = setInterval(() => {
    void admission.keepAlive();
    const live = new Map([...byPeerId].map(([peerId, held]) => [peerId, held.registration]));
    directory.refresh(live).then(
      (takenOver) => {
        directoryWorks();
        for (const peerId of takenOver)
          if (byPeerId.get(peerId)?.registration === live.get(peerId))
            byPeerId.get(peerId)?.ws.close(1000, 'replaced by a newer connection');
      },
      (error: Error) => directoryTrouble(error, 'peer directory refresh failed'),
    );
  }, REFRESH_INTERVAL_MS).unref();

  return {
    upgrade(req, socket, head) {
      socket.on('error', () => socket.destroy()); // a client resetting mid-handshake is no server error
      if (new URL(req.url ?? '/', 'http://signaling').pathname !== SOCKET_PATH)
        return refuseUpgrade(socket, 404, 'NOT_FOUND', 'No WebSocket here.');
      admission.admit(req).then(
        (admitted) => {
          if (!admitted.ok) {
            log.warn({ address: admitted.address, reason: admitted.reason }, 'signaling socket refused');
            return refuseUpgrade(socket, admitted.status, admitted.code, `Signaling refused: ${admitted.reason}.`);
          }
          if (socket.destroyed) return admitted.release(); // the client gave up while admission asked Redis
          socket.once('close', admitted.release);
          wss.handleUpgrade(req, socket, head, (ws) => {
            if (admitted.lifetime) {
              const unwatch = admitted.lifetime(() => {
                log.info({ address: admitted.address }, 'signaling socket closed: the owner’s login ended');
                ws.close(1008, 'login ended');
              });
              ws.once('close', unwatch);
            }
            contexts.set(ws, {
              address: admitted.address,
              peerId: admitted.peerId,
              budget: new MessageBudget(),
              queue: Promise.resolve(),
              pending: 0,
            });
            // The token was checked here, so PeerJS's own token comparison only has to let this socket take the
            // id over from an older one of the same holder (a page that reconnects before the old one timed out).
            req.url = `${SOCKET_PATH}?key=${PEER_KEY}&id=${admitted.peerId}&token=admitted`;
            const previous = byPeerId.get(admitted.peerId);
            register(admitted.peerId, ws);
            wss.emit('connection', ws, req);
            if (previous) {
              // PeerJS re-attached the id to this socket without a word; the client still waits for its OPEN.
              ws.send(JSON.stringify({ type: 'OPEN' }));
              previous.ws.close(1000, 'replaced by a newer connection');
            }
          });
        },
        (error: Error) => {
          log.error({ err: error.message }, 'signaling admission failed');
          socket.destroy();
        },
      );
    },
    connectedPeers: () => byPeerId.size,
    hangUp: (peerIds) => {
      hangUpHere(peerIds);
      bus.hangUpElsewhere(peerIds);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(refresher);
        bus.close();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
