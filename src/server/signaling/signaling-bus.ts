import type { FastifyBaseLogger } from 'fastify';
import type { Cluster } from '../cluster/cluster.ts';
import { PEER_ID_PATTERN } from './credentials.ts';
import { judgeRelayedMessage, type RelayedMessage } from './message-guard.ts';
import type { HolderAnswer, PeerDirectory, Registration } from './peer-directory.ts';

/** What the instances tell each other about signaling sockets, on the cluster bus. */
export interface SignalingBusHandlers {
  /** A message for a peer whose socket this instance holds; `from` is the sending instance (for an EXPIRE back). */
  deliver(message: RelayedMessage, from: string): void;
  /** A newer registration elsewhere took `peerId` over from `registration` here. */
  replaced(peerId: string, registration: Registration): void;
  /** Close these peers' sockets (their tickets were taken back on some instance). */
  hangUp(peerIds: string[]): void;
}

export interface SignalingBus {
  /** Hands `message` to the instance holding its `dst` (see PeerDirectory.publishToHolder). */
  relayToHolder(message: RelayedMessage): Promise<HolderAnswer>;
  /** Hands `message` to `instanceId`; false when no such instance listens (it died: the peer is on no instance). */
  relayTo(instanceId: string, message: RelayedMessage): Promise<boolean>;
  tellReplaced(instanceId: string, peerId: string, registration: Registration): void;
  /** Tells every other instance to hang up on these peers. */
  hangUpElsewhere(peerIds: readonly string[]): void;
  close(): void;
}

/** Peer ids one hang-up may name (a session's guests are capped well below this). */
const MAX_HANG_UP_IDS = 10_000;
const HANG_UP_CHANNEL = 'signaling:hang-up';
const INSTANCE_CHANNEL_PREFIX = 'signaling:instance:';
const instanceChannel = (instanceId: string) => INSTANCE_CHANNEL_PREFIX + instanceId;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Each instance listens on its own channel (messages and take-over notices for the sockets it holds) and on one
 * broadcast channel for hang-ups. What arrives is checked like any input before it touches a socket.
 */
export function signalingBus(
  cluster: Cluster,
  directory: PeerDirectory,
  handlers: SignalingBusHandlers,
  log: FastifyBaseLogger,
): SignalingBus {
  const me = cluster.instanceId;
  const dropped = (what: string) => log.warn({ what }, 'malformed signaling message on the cluster bus; dropped');

  const stopOwn = cluster.subscribe(instanceChannel(me), (envelope) => {
    if (!isRecord(envelope)) return dropped('not an object');
    if (envelope.kind === 'relay') {
      const message = judgeRelayedMessage(envelope.message);
      if (message === null || typeof envelope.from !== 'string') return dropped('relay');
      return handlers.deliver(message, envelope.from);
    }
    if (envelope.kind === 'replaced') {
      const { peerId, registration } = envelope;
      if (typeof peerId !== 'string' || !PEER_ID_PATTERN.test(peerId) || typeof registration !== 'string')
        return dropped('replaced');
      return handlers.replaced(peerId, registration);
    }
    dropped('unknown kind');
  });
  const stopHangUps = cluster.subscribe(HANG_UP_CHANNEL, (envelope) => {
    if (!isRecord(envelope) || envelope.from === me) return; // this instance hung up on its own sockets already
    const { peerIds } = envelope;
    if (!Array.isArray(peerIds) || peerIds.length > MAX_HANG_UP_IDS) return dropped('hang-up');
    handlers.hangUp(peerIds.filter((id): id is string => typeof id === 'string' && PEER_ID_PATTERN.test(id)));
  });

  return {
    relayToHolder: (message) =>
      directory.publishToHolder(message.dst, INSTANCE_CHANNEL_PREFIX, { kind: 'relay', from: me, message }),
    relayTo: async (instanceId, message) =>
      (await cluster.publish(instanceChannel(instanceId), { kind: 'relay', from: me, message })) > 0,
    tellReplaced(instanceId, peerId, registration) {
      void cluster.publish(instanceChannel(instanceId), { kind: 'replaced', peerId, registration });
    },
    hangUpElsewhere(peerIds) {
      if (peerIds.length > 0) void cluster.publish(HANG_UP_CHANNEL, { from: me, peerIds });
    },
    close() {
      stopOwn();
      stopHangUps();
    },
  };
}
