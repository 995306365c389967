/**
 * The transport the engine runs over: an ordered, reliable message channel with a send buffer the
 * sender can watch (`bufferedAmount`) — the shape of an RTCDataChannel. Adapters: a real
 * RTCDataChannel (what a PeerJS `serialization: 'raw'` DataConnection wraps), and an in-memory pair
 * for tests.
 */
import { MAX_MESSAGE_BYTES_CHROMIUM, SAFE_MESSAGE_BYTES } from '../../shared/transfer-protocol.ts';

export type ChannelMessage = ArrayBuffer | string;

export interface FrameChannel {
  /** Binary data is copied before `send` returns (as RTCDataChannel does), so the caller may reuse its buffer. */
  send(data: ChannelMessage | Uint8Array): void;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  /** Largest message the local stack will send/accept. */
  readonly maxMessageSize: number;
  readonly isOpen: boolean;
  /** True on the side that opened the connection (the dialer), false on the side that accepted it. */
  readonly initiator: boolean;
  onmessage: ((data: ChannelMessage) => void) | null;
  onbufferedamountlow: (() => void) | null;
  /** Fired once when the channel closes (either side, or the connection died). */
  onclose: (() => void) | null;
  close(): void;
}

/** Adapter over an open (or opening) RTCDataChannel. Uses listeners, never the `on*` properties,
 * so a library that owns the channel (PeerJS) keeps its own handlers. `initiator`: false on the side
 * that got the channel from a 'datachannel' event. */
export function fromDataChannel(dc: RTCDataChannel, pc?: RTCPeerConnection | null, initiator = true): FrameChannel {
  return wrapDataChannel(dc, pc, { initiator }).ch;
}

interface WrapOptions {
  initiator: boolean;
  /** Where messages come from (default: the channel's own 'message' events). */
  listen?: (deliver: (data: ChannelMessage) => void) => void;
  /** Messages that arrived before this adapter existed. */
  early?: ChannelMessage[];
}

function wrapDataChannel(
  dc: RTCDataChannel,
  pc: RTCPeerConnection | null | undefined,
  opts: WrapOptions,
): { ch: FrameChannel; fireClose: () => void } {
  dc.binaryType = 'arraybuffer';
  let closed = dc.readyState === 'closing' || dc.readyState === 'closed';
  const sctpMax = pc?.sctp?.maxMessageSize;
  const maxMessageSize =
    typeof sctpMax === 'number' && sctpMax > 0
      ? Math.min(sctpMax, MAX_MESSAGE_BYTES_CHROMIUM)
      : MAX_MESSAGE_BYTES_CHROMIUM;
  // The other side may speak as soon as its end opens, before this side has a handler: the first messages
  // wait in a backlog that is delivered, in order, once the first handler is set (after the code that set it
  // has finished, so it can send its own greeting first).
  let handler: ((data: ChannelMessage) => void) | null = null;
  let backlog: ChannelMessage[] | null = [...(opts.early ?? [])];
  const deliver = (data: ChannelMessage) => {
    if (backlog) backlog.push(data);
    else handler?.(data);
  };
  const flushBacklog = () => {
    const queued = backlog ?? [];
    backlog = null;
    for (const data of queued) handler?.(data);
  };
  const ch: FrameChannel = {
    send(data) {
      // Overloads of RTCDataChannel.send are awkward for a union; both branches are the same call.
      if (typeof data === 'string') dc.send(data);
      else if (data instanceof Uint8Array) dc.send(data as Uint8Array<ArrayBuffer>);
      else dc.send(data);
    },
    get bufferedAmount() {
      return dc.bufferedAmount;
    },
    get bufferedAmountLowThreshold() {
      return dc.bufferedAmountLowThreshold;
    },
    set bufferedAmountLowThreshold(v: number) {
      dc.bufferedAmountLowThreshold = v;
    },
    maxMessageSize,
    get isOpen() {
      return !closed && dc.readyState === 'open';
    },
    initiator: opts.initiator,
    get onmessage() {
      return handler;
    },
    set onmessage(fn) {
      handler = fn;
      if (fn && backlog) queueMicrotask(flushBacklog);
    },
    onbufferedamountlow: null,
    onclose: null,
    close() {
      try {
        dc.close();
      } catch {
        /* already closed */
      }
      fireClose();
    },
  };
  let closeFired = false;
  const fireClose = () => {
    closed = true;
    if (closeFired) return;
    closeFired = true;
    const cb = ch.onclose;
    ch.onclose = null;
    cb?.();
  };
  if (opts.listen) opts.listen(deliver);
  else dc.addEventListener('message', (e: MessageEvent) => deliver(e.data as ChannelMessage));
  dc.addEventListener('bufferedamountlow', () => ch.onbufferedamountlow?.());
  dc.addEventListener('close', fireClose);
  dc.addEventListener('error', fireClose);
  return { ch, fireClose };
}

/** The parts of a PeerJS DataConnection we use (avoids a type dependency on peerjs here). */
export interface DataConnectionLike {
  dataChannel: RTCDataChannel;
  peerConnection?: RTCPeerConnection | null;
  serialization: string;
  reliable?: boolean;
  open: boolean;
  on(event: 'close', cb: () => void): unknown;
  on(event: 'data', cb: (data: unknown) => void): unknown;
  close(): void;
}

/** Adapter over an open PeerJS DataConnection made with `{ reliable: true, serialization: 'raw' }`.
 * `early`: messages its 'data' event delivered before the adapter existed (see `whenOpen`);
 * `initiator`: whether this side dialed. */
export function fromDataConnection(
  conn: DataConnectionLike,
  early: ChannelMessage[] = [],
  initiator = true,
): FrameChannel {
  if (conn.serialization !== 'raw')
    throw new Error(`DataConnection must use serialization 'raw' (got '${conn.serialization}')`);
  if (!conn.dataChannel) throw new Error('DataConnection is not open yet (no dataChannel)');
  if (conn.dataChannel.ordered === false)
    throw new Error('DataConnection must be reliable (ordered); pass { reliable: true }');
  const { ch, fireClose } = wrapDataChannel(conn.dataChannel, conn.peerConnection ?? null, {
    listen: (deliver) => conn.on('data', (data) => deliver(data as ChannelMessage)),
    early,
    initiator,
  });
  // PeerJS may tear the RTCDataChannel down without a 'close' event reaching us.
  conn.on('close', fireClose);
  ch.close = () => {
    try {
      conn.close();
    } catch {
      /* already closed */
    }
    fireClose();
  };
  return ch;
}

// ---------------------------------------------------------------------------------------------
// In-memory pair (tests, and a reference for what the engine expects from a channel)
// ---------------------------------------------------------------------------------------------

export interface MemoryChannelOptions {
  /** Bytes delivered per tick (simulated bandwidth). Default 4 MiB. */
  bytesPerTick?: number;
  /** Milliseconds between ticks. Default 0. */
  tickMs?: number;
  maxMessageSize?: number;
  /** Called for each message on its way from a to b (or b to a); return a replacement to tamper. */
  tamper?: (data: ChannelMessage, from: 'a' | 'b') => ChannelMessage;
}

export interface MemoryChannel extends FrameChannel {
  /** Everything sent by this end so far (messages, bytes of binary). */
  readonly stats: { messages: number; binaryBytes: number };
}

export interface MemoryChannelPair {
  /** The initiator (the side that dialed). */
  a: MemoryChannel;
  /** The side that accepted. */
  b: MemoryChannel;
  /** Drop the connection abruptly: queued messages are lost, both ends see close. */
  cut(): void;
}

interface InternalMemoryChannel extends MemoryChannel {
  _queue: ChannelMessage[];
  _peer?: InternalMemoryChannel;
  _drain(): void;
  _fireClose(): void;
}

export function createMemoryChannelPair(opts: MemoryChannelOptions = {}): MemoryChannelPair {
  const bytesPerTick = opts.bytesPerTick ?? 4 * 1024 * 1024;
  const tickMs = opts.tickMs ?? 0;
  const maxMessageSize = opts.maxMessageSize ?? SAFE_MESSAGE_BYTES * 4;
  let open = true;
  const make = (name: 'a' | 'b') => {
    const queue: ChannelMessage[] = [];
    let buffered = 0;
    let scheduled = false;
    const ch: InternalMemoryChannel = {
      stats: { messages: 0, binaryBytes: 0 },
      _queue: queue,
      send(data) {
        if (!open) throw new Error('InvalidStateError: channel closed');
        if (data instanceof Uint8Array) data = data.slice().buffer;
        const size = typeof data === 'string' ? data.length : data.byteLength;
        if (size > maxMessageSize) throw new Error(`message of ${size} bytes exceeds ${maxMessageSize}`);
        ch.stats.messages++;
        if (typeof data !== 'string') ch.stats.binaryBytes += data.byteLength;
        queue.push(data);
        buffered += size;
        if (!scheduled) {
          scheduled = true;
          setTimeout(ch._drain, tickMs);
        }
      },
      get bufferedAmount() {
        return buffered;
      },
      bufferedAmountLowThreshold: 0,
      maxMessageSize,
      get isOpen() {
        return open;
      },
      initiator: name === 'a',
      onmessage: null,
      onbufferedamountlow: null,
      onclose: null,
      close() {
        if (!open) return;
        // A graceful close delivers what is queued first (like SCTP), then closes both ends.
        const finish = () => {
          if (queue.length > 0 || (ch._peer?._queue.length ?? 0) > 0) {
            setTimeout(finish, 1);
            return;
          }
          if (!open) return;
          open = false;
          ch._fireClose();
          ch._peer?._fireClose();
        };
        finish();
      },
      _drain() {
        scheduled = false;
        let budget = bytesPerTick;
        const before = buffered;
        while (queue.length > 0 && budget > 0 && open) {
          let msg = queue.shift() as ChannelMessage;
          const size = typeof msg === 'string' ? msg.length : msg.byteLength;
          buffered -= size;
          budget -= size;
          if (opts.tamper) msg = opts.tamper(msg, name);
          // An end with no handler yet loses the message, as a real end that has not opened can.
          ch._peer?.onmessage?.(msg);
        }
        if (open && before > ch.bufferedAmountLowThreshold && buffered <= ch.bufferedAmountLowThreshold)
          ch.onbufferedamountlow?.();
        if (queue.length > 0 && open) {
          scheduled = true;
          setTimeout(ch._drain, tickMs);
        }
      },
      _fireClose() {
        queue.length = 0;
        buffered = 0;
        const cb = ch.onclose;
        ch.onclose = null;
        cb?.();
      },
    };
    return ch;
  };
  const a = make('a');
  const b = make('b');
  a._peer = b;
  b._peer = a;
  return {
    a,
    b,
    cut() {
      if (!open) return;
      open = false;
      a._fireClose();
      b._fireClose();
    },
  };
}
