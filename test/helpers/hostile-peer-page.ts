/**
 * Browser side of the hostile peer (see hostile-peer.ts): a page of the app's origin that registers a peer on
 * the app's own signaling through the engine's `connectPeer()` (so whatever a page must do before registering
 * is done here too), gets a real ticket through the real API, and then speaks the transfer protocol by hand:
 * any control message, any DATA frame, any raw text or bytes. Everything it receives is kept in `inbox`.
 * Reached through `window.hostilePeer`.
 */
import type { Peer } from 'peerjs';
import {
  acceptConnections,
  type CredentialSource,
  connectPeer,
  dial,
  type OpenConnection,
  type SignalingCredential,
} from '../../src/client/engine/peer.ts';
import { decodeFrameHeader, encodeDataFrame, FRAME_HEADER_BYTES } from '../../src/shared/transfer-protocol.ts';
import { harnessCredentials } from '../e2e/fixtures/harness-credentials.ts';

/** One message that arrived: a parsed control message, unparseable text, or a DATA frame's header. */
export type InboxEntry =
  | { kind: 'control'; msg: Record<string, unknown> }
  | { kind: 'text'; text: string }
  | { kind: 'frame'; fileIndex: number; offset: number; bytes: number };

let peer: Peer | null = null;
let link: OpenConnection | null = null;
let closed = false;
/** This page opened the connection (it dialed), so it speaks first. */
let dialedByMe = false;
const inbox: InboxEntry[] = [];

function take(l: OpenConnection): void {
  link = l;
  closed = false;
  l.channel.onclose = () => (closed = true);
  l.channel.onmessage = (data) => {
    if (typeof data === 'string') {
      try {
        inbox.push({ kind: 'control', msg: JSON.parse(data) as Record<string, unknown> });
      } catch {
        inbox.push({ kind: 'text', text: data });
      }
      return;
    }
    const h = decodeFrameHeader(data);
    inbox.push({
      kind: 'frame',
      fileIndex: h.fileIndex,
      offset: h.offset,
      bytes: data.byteLength - FRAME_HEADER_BYTES,
    });
  };
}

function channel() {
  if (!link) throw new Error('hostile peer: no open connection');
  return link.channel;
}

async function api(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Waits while the channel's send buffer is above `limit` bytes. */
async function drain(limit = 1024 * 1024): Promise<void> {
  const ch = channel();
  while (ch.bufferedAmount > limit && ch.isOpen) await new Promise((r) => setTimeout(r, 5));
}

/** A guest's credentials, asked for with its ticket, as the real guest page does. */
function guestCredentials(sessionUrl: string, ticket: string): CredentialSource {
  return async (peerId) => {
    const r = await api('POST', `${sessionUrl}/signaling`, peerId ? { ticket, peerId } : { ticket });
    if (r.status !== 200) throw new Error(`signaling credential answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as unknown as SignalingCredential;
  };
}

export const hostilePeer = {
  inbox,
  /** This page's peer id once registered (null before). */
  get peerId(): string | null {
    return peer?.id ?? null;
  },
  /** The guest's PIN step: answers the ticket (throws on a wrong PIN). */
  async verifyPin(sessionUrl: string, pin: string): Promise<string> {
    const r = await api('POST', `${sessionUrl}/verify-pin`, { pin });
    if (r.status !== 200 || typeof r.body.ticket !== 'string')
      throw new Error(`verify-pin answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.ticket;
  },
  /** Announce this page's peer id with the ticket, and take the owner's connection when it dials in. */
  async announce(sessionUrl: string, ticket: string): Promise<void> {
    peer ??= await connectPeer({ credentials: guestCredentials(sessionUrl, ticket) });
    acceptConnections(peer, take);
    const r = await api('POST', `${sessionUrl}/connect`, { peerjs_id: peer.id, ticket });
    if (r.status !== 200) throw new Error(`connect answered ${r.status} ${JSON.stringify(r.body)}`);
  },
  /** Dial `remoteId` (as an owner dials a guest). */
  async dial(remoteId: string): Promise<void> {
    // A (hostile) sharing owner is a logged-in user: it registers with an owner's credential.
    peer ??= await connectPeer({ credentials: harnessCredentials });
    take(await dial(peer, remoteId));
    dialedByMe = true;
  },
  get connected(): boolean {
    return link !== null && !closed && link.channel.isOpen;
  },
  get closed(): boolean {
    return closed;
  },
  get dialedByMe(): boolean {
    return dialedByMe;
  },
  /** Any text, sent as it is (a control message need not be valid). */
  sendText(text: string): void {
    channel().send(text);
  },
  sendControl(msg: unknown): void {
    channel().send(JSON.stringify(msg));
  },
  /** One DATA frame with these bytes (base64). */
  sendFrame(fileIndex: number, offset: number, base64: string): void {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    channel().send(encodeDataFrame(fileIndex, offset, bytes));
  },
  /** `data` (base64) as DATA frames of `chunk` bytes from `offset`, pacing on the send buffer. */
  async sendFrames(fileIndex: number, offset: number, base64: string, chunk = 64 * 1024): Promise<void> {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    for (let at = 0; at < bytes.byteLength; at += chunk) {
      await drain();
      channel().send(encodeDataFrame(fileIndex, offset + at, bytes.subarray(at, at + chunk)));
    }
  },
  /** `length` bytes of `fill` as DATA frames from `offset`, pacing on the send buffer; stops early when the
   * channel closes. Answers the bytes sent. */
  async sendFill(fileIndex: number, offset: number, length: number, fill = 0x41, chunk = 64 * 1024): Promise<number> {
    const payload = new Uint8Array(chunk).fill(fill);
    let sent = 0;
    while (sent < length && !closed && channel().isOpen) {
      await drain(4 * 1024 * 1024);
      const n = Math.min(chunk, length - sent);
      try {
        channel().send(encodeDataFrame(fileIndex, offset + sent, payload.subarray(0, n)));
      } catch {
        break;
      }
      sent += n;
    }
    return sent;
  },
  /**
   * `texts` round and round, as fast as the channel takes them (held back only while more than 1 MiB waits in
   * its send buffer), until the other side closes the connection or `maxMs` pass. Answers how many were sent.
   */
  async flood(texts: readonly string[], maxMs: number): Promise<number> {
    const end = performance.now() + maxMs;
    let sent = 0;
    try {
      while (!closed && channel().isOpen && performance.now() < end) {
        await drain();
        for (let i = 0; i < 500 && channel().isOpen; i++) channel().send(texts[sent++ % texts.length] as string);
        // Let the close (and the inbox) in between bursts.
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch {
      // The channel closed under a send.
    }
    return sent;
  },
  close(): void {
    link?.channel.close();
  },
};

(window as unknown as { hostilePeer: typeof hostilePeer }).hostilePeer = hostilePeer;
(window as unknown as { __harnessReady?: boolean }).__harnessReady = true;
