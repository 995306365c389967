/**
 * Bringing a PeerJS peer back to signaling without touching its data connections. Losing signaling (the
 * server restarts, a phone's socket sleeps) only matters for new connections: the open ones go browser to
 * browser and must keep moving bytes, so a peer is reconnected with its own id — never destroyed and
 * replaced — for as long as the server is away. Only a peer whose id the server refuses is given up, and
 * even that one lives on until its last open connection closes.
 */
import type { Peer } from 'peerjs';

/** The longest pause between two tries: the page is back within this long after the server is. */
const MAX_PAUSE_MS = 5000;

/** PeerJS errors that mean the server will not take this peer's id back (no retry can help). */
const REFUSALS = new Set(['unavailable-id', 'invalid-id', 'invalid-key', 'server-error']);

const refused = new WeakSet<Peer>();
const reconnecting = new WeakSet<Peer>();
const watched = new WeakSet<Peer>();
const retired = new WeakSet<Peer>();
const waits = new WeakMap<Peer, Promise<boolean>>();

function isRefusal(e: unknown): boolean {
  return REFUSALS.has((e as { type?: string } | null)?.type ?? '');
}

function watchRefusals(peer: Peer): void {
  if (watched.has(peer)) return;
  watched.add(peer);
  peer.on('error', (e) => {
    if (isRefusal(e)) refused.add(peer);
  });
}

function cannotComeBack(peer: Peer): boolean {
  return peer.destroyed || refused.has(peer) || retired.has(peer);
}

/** Tries `peer.reconnect()` after 1 s, 2 s, 4 s, then every 5 s, until it is open again or cannot come back. */
export function keepReconnecting(peer: Peer, stopped: () => boolean): void {
  watchRefusals(peer);
  if (reconnecting.has(peer)) return;
  reconnecting.add(peer);
  let pause = 1000;
  const attempt = () => {
    if (stopped() || cannotComeBack(peer) || (peer.open && !peer.disconnected)) return void reconnecting.delete(peer);
    // A try still under way (its socket opening) is left to finish; a failed one left the peer disconnected.
    if (peer.disconnected) {
      try {
        peer.reconnect();
      } catch {
        /* destroyed meanwhile: the next look ends the loop */
      }
    }
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
    setTimeout(attempt, pause);
  };
  setTimeout(attempt, pause);
}

/**
 * Resolves true once `peer` is registered with signaling again (reconnecting it meanwhile), false when it
 * cannot come back (destroyed, its id refused) or `stopped()`.
 */
export function whenBackOnline(peer: Peer, stopped: () => boolean): Promise<boolean> {
  if (peer.open && !peer.disconnected) return Promise.resolve(true);
  if (cannotComeBack(peer) || stopped()) return Promise.resolve(false);
  keepReconnecting(peer, stopped);
  // Callers ask again and again during a long outage (a check every few seconds): they share one wait.
  const waiting = waits.get(peer);
  if (waiting) return waiting;
  const wait = new Promise<boolean>((resolve) => {
    const finish = (ok: boolean) => {
      waits.delete(peer);
      peer.off('open', onOpen);
      peer.off('close', onClose);
      peer.off('error', onError);
      resolve(ok);
    };
    const onOpen = () => finish(true);
    const onClose = () => finish(false);
    const onError = (e: unknown) => {
      if (isRefusal(e)) finish(false);
    };
    peer.on('open', onOpen);
    peer.on('close', onClose);
    peer.on('error', onError);
  });
  waits.set(peer, wait);
  return wait;
}

/** A peer that is being replaced: it stays until none of its data connections is open, then goes. */
export function retire(peer: Peer): void {
  if (peer.destroyed || retired.has(peer)) return;
  retired.add(peer);
  const check = setInterval(() => {
    const conns = Object.values(peer.connections as Record<string, { open: boolean }[]>).flat();
    if (peer.destroyed || !conns.some((c) => c.open)) {
      clearInterval(check);
      peer.destroy();
    }
  }, 5000);
}
