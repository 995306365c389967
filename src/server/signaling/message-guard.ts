import { PEER_ID_PATTERN } from './credentials.ts';

/** An SDP offer is a few KiB; ws would otherwise buffer frames of up to 100 MiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** What a PeerJS client sends and the server relays. Anything else is a client that does not speak PeerJS. */
const CLIENT_TYPES = new Set(['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE']);
/** Only the server sends these; from a client they are forgeries (EXPIRE to an owner aborted its dials). */
const SERVER_ONLY_TYPES = new Set(['OPEN', 'ID-TAKEN', 'ERROR', 'EXPIRE', 'INVALID-KEY']);
/** Payloads carry an SDP or a candidate; a connection setup needs a few dozen of these messages at most. */
const PAYLOAD_TYPES = new Set(['OFFER', 'ANSWER', 'CANDIDATE']);

/** `relay` is the rebuilt frame; a message for another peer also names it (`dst`) and carries its parts. */
export type Verdict =
  | { relay: Buffer; dst?: undefined }
  | { relay: Buffer; dst: string; type: string; payload: unknown }
  | { drop: string }
  | { close: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An SDP or candidate payload nests three or four levels; deeper is a frame built to exhaust the stack. */
const MAX_PAYLOAD_DEPTH = 8;

/** Whether `value` nests no deeper than `max` levels (walked without recursion, so depth itself cannot hurt). */
function nestsWithin(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [current, depth] = next;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}

/**
 * Judges one frame from a client before the PeerJS server sees it: the server trusts whatever JSON arrives
 * (a bare `x` or `null` threw inside it and took the process down). Relays a rebuilt message with only the
 * fields PeerJS uses, so nothing else reaches the other side.
 */
export function judgeClientMessage(data: Buffer, isBinary: boolean): Verdict {
  if (isBinary) return { close: 'binary frame' };
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return { close: 'not JSON' };
  }
  if (!isObject(message)) return { close: 'not a JSON object' };
  const type = message.type;
  if (typeof type !== 'string') return { close: 'no message type' };
  if (SERVER_ONLY_TYPES.has(type)) return { drop: `client sent ${type}` };
  if (!CLIENT_TYPES.has(type)) return { close: 'unknown message type' };
  if (type === 'HEARTBEAT') return { relay: Buffer.from('{"type":"HEARTBEAT"}') };
  if (typeof message.dst !== 'string' || !PEER_ID_PATTERN.test(message.dst)) return { close: 'bad destination id' };
  if (PAYLOAD_TYPES.has(type) && !isObject(message.payload)) return { close: 'bad payload' };
  if (!nestsWithin(message.payload, MAX_PAYLOAD_DEPTH)) return { close: 'payload nested too deep' };
  const { dst, payload } = message;
  return { relay: Buffer.from(JSON.stringify({ type, dst, payload })), dst, type, payload };
}

/** What one instance hands another over the bus for a socket it holds: a PeerJS message, `src` set by the sender. */
export interface RelayedMessage {
  type: string;
  src: string;
  dst: string;
  payload?: unknown;
}

/** Types an instance relays to another: what clients send, and the EXPIRE an instance answers for an absent peer. */
const RELAYED_TYPES = new Set(['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']);

/**
 * Judges a message from another instance before it reaches a socket here: the bus is one more input, so it
 * gets the same bounds as a client frame (known type, peer ids, payload shape and depth, size).
 */
export function judgeRelayedMessage(message: unknown): RelayedMessage | null {
  if (!isObject(message)) return null;
  const { type, src, dst, payload } = message;
  if (typeof type !== 'string' || !RELAYED_TYPES.has(type)) return null;
  if (typeof src !== 'string' || !PEER_ID_PATTERN.test(src)) return null;
  if (typeof dst !== 'string' || !PEER_ID_PATTERN.test(dst)) return null;
  if (PAYLOAD_TYPES.has(type) && !isObject(payload)) return null;
  if (!nestsWithin(payload, MAX_PAYLOAD_DEPTH)) return null;
  const relayed: RelayedMessage = { type, src, dst, payload };
  return Buffer.byteLength(JSON.stringify(relayed)) <= MAX_MESSAGE_BYTES ? relayed : null;
}

/** A cap on the messages one socket may send in a window (a setup needs tens; an owner with many guests, hundreds). */
export class MessageBudget {
  #windowStart = Date.now();
  #count = 0;
  constructor(
    private readonly max = 1000,
    private readonly windowMs = 10_000,
  ) {}

  take(now = Date.now()): boolean {
    if (now - this.#windowStart >= this.windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    return ++this.#count <= this.max;
  }
}
