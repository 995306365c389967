/**
 * What sender and receiver share: attaching to a channel (again after a drop), the hello/version
 * handshake, keep-alive and idle detection, the reconnect deadline, progress ticks, and ending the
 * transfer exactly once.
 */
import {
  CONTROL_MESSAGE_BURST,
  CONTROL_MESSAGES_PER_SECOND,
  type ControlMessage,
  ControlMessageError,
  type FileOutcome,
  type HelloMessage,
  isWireErrorCode,
  negotiateVersion,
  PARTS_VERSION,
  PROTOCOL_NAME,
  parseControlMessage,
  type Role,
  SAFE_MESSAGE_BYTES,
  SUPPORTED_VERSIONS,
  type WireErrorCode,
} from '../../shared/transfer-protocol.ts';
import type { ChannelMessage, FrameChannel } from './channel.ts';
import { Emitter } from './emitter.ts';
import { PeerGoneError, ProtocolError, StalledError, TransferError, VersionError } from './errors.ts';
import { splitIntoParts } from './list-parts.ts';
import type { ProgressEvent } from './progress.ts';

export interface EndpointOptions {
  /** Keep-alive period. Default 5 s. */
  pingIntervalMs?: number;
  /** No message from the peer for this long counts as a dropped connection. Default 30 s. */
  idleTimeoutMs?: number;
  /** After a drop, give up (reject `done` with PeerGoneError) unless `attach()` is called within this
   * time. 0 waits forever. Default 10 min. */
  reconnectTimeoutMs?: number;
  /** Progress events at most this often. Default 250 ms. */
  progressIntervalMs?: number;
  /** Versions offered in hello (tests use this to exercise negotiation). Default SUPPORTED_VERSIONS. */
  versions?: readonly number[];
  /** Connected, waiting for the peer, and nothing useful from it for this long: the transfer is stopped
   * (a peer that only pings would otherwise hold it, and the page, forever). Default 2 min. */
  stallTimeoutMs?: number;
}

export interface TransferResultFile {
  index: number;
  name: string;
  size: number;
  type: string;
  status: FileOutcome;
  sha256?: string;
}

export interface TransferResult {
  transferId: string;
  files: TransferResultFile[];
}

export interface CommonEvents {
  /** Handshake done on a (new) channel. */
  connected: { version: number; resumed: boolean };
  progress: ProgressEvent;
  'file-start': { index: number; name: string; offset: number };
  /** Stored and verified (receiver) / confirmed by the receiver (sender). */
  'file-done': { index: number; name: string; sha256: string };
  /** A recoverable or final problem with one file (digest mismatch). */
  'file-error': { index: number; error: TransferError };
  'file-cancelled': { index: number; byPeer: boolean };
  /** The channel dropped; call `attach()` with a new one to resume. */
  disconnected: { error: PeerGoneError };
  /** The receiver ran out of storage mid-file: nothing more is sent until it has room (it resumes by itself). */
  paused: { error: TransferError };
  /** Going on after a pause. */
  resumed: Record<string, never>;
  done: TransferResult;
  /** Fatal: `done` rejects with the same error. */
  error: TransferError;
}

/**
 * What an endpoint knows of one connection (one attached channel): its handshake, liveness, flow-control
 * counters and the peer's control-message budget. A reconnect gets a fresh one. Named for the vocabulary's
 * "connection", and not `Connection`, which reads as the RTCPeerConnection or PeerJS DataConnection under it.
 */
export class ConnectionState {
  version: number | null = null;
  helloSent = false;
  peerMaxMessage = SAFE_MESSAGE_BYTES;
  closed = false;
  lastSeen = Date.now();
  tickTimer: ReturnType<typeof setInterval> | null = null;
  /** Bytes of DATA sent / acknowledged on this connection (sender flow-control window). */
  sent = 0;
  acked = 0;
  /** Control messages the peer may still send now (a token bucket refilled over time). */
  controlTokens = CONTROL_MESSAGE_BURST;
  controlCap = CONTROL_MESSAGE_BURST;
  controlAt = Date.now();
  constructor(readonly channel: FrameChannel) {}

  /** Take one control message from the peer's budget; false when it is spent. */
  spendControl(now: number): boolean {
    this.controlTokens = Math.min(
      this.controlCap,
      this.controlTokens + ((now - this.controlAt) * CONTROL_MESSAGES_PER_SECOND) / 1000,
    );
    this.controlAt = now;
    if (this.controlTokens < 1) return false;
    this.controlTokens -= 1;
    return true;
  }

  /** The peer may send `n` more control messages at once (one per file of a manifest, for example). */
  creditControl(n: number): void {
    this.controlCap += n;
    this.controlTokens += n;
  }
}

export abstract class Endpoint<E extends CommonEvents> extends Emitter<E> {
  protected readonly opts: Required<EndpointOptions>;
  protected connection: ConnectionState | null = null;
  protected finished = false;
  readonly done: Promise<TransferResult>;
  #resolve!: (r: TransferResult) => void;
  #reject!: (e: TransferError) => void;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #progressTimer: ReturnType<typeof setInterval> | null = null;
  #waiter: (() => void) | null = null;
  #everConnected = false;

  constructor(
    protected readonly role: Role,
    opts: EndpointOptions,
  ) {
    super();
    this.opts = {
      pingIntervalMs: opts.pingIntervalMs ?? 5000,
      idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
      reconnectTimeoutMs: opts.reconnectTimeoutMs ?? 600_000,
      progressIntervalMs: opts.progressIntervalMs ?? 250,
      versions: opts.versions ?? SUPPORTED_VERSIONS,
      stallTimeoutMs: opts.stallTimeoutMs ?? 120_000,
    };
    this.done = new Promise<TransferResult>((res, rej) => {
      this.#resolve = res;
      this.#reject = rej;
    });
    // The page may only listen to events; don't let an unobserved rejection be reported as unhandled.
    this.done.catch(() => {});
  }

  /** True once the transfer has ended (done, failed or cancelled). */
  get isFinished(): boolean {
    return this.finished;
  }

  /** Start, or resume after a drop, over `channel` (an open FrameChannel). */
  attach(channel: FrameChannel): void {
    if (this.finished) throw new Error('transfer already finished');
    if (this.connection) this.#detach(this.connection, true);
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const connection = new ConnectionState(channel);
    this.connection = connection;
    this.noteMovedOn();
    channel.onmessage = (data) => this.#onMessage(connection, data);
    channel.onclose = () => this.#onClose(connection);
    channel.onbufferedamountlow = () => this.kick();
    this.configureChannel(connection);
    connection.tickTimer = setInterval(() => this.#tick(connection), Math.min(this.opts.pingIntervalMs, 1000));
    this.#progressTimer ??= setInterval(() => this.emitProgress(false), this.opts.progressIntervalMs);
    // The side that dialed speaks first; the other answers its hello. Chromium can lose a message the
    // accepting side sends before the dialer's end has opened (seen here: the sender's hello lost, then
    // "'manifest' before hello"); an answer cannot arrive before the dialer's end is open.
    if (channel.initiator) this.#sendHello(connection);
  }

  #sendHello(connection: ConnectionState): boolean {
    connection.helloSent = true;
    const hello: HelloMessage = {
      t: 'hello',
      protocol: PROTOCOL_NAME,
      versions: [...this.opts.versions],
      role: this.role,
      maxMessageSize: connection.channel.maxMessageSize,
    };
    return this.sendControl(connection, hello);
  }

  /** Detach from the current channel without ending the transfer; the endpoint sleeps (no timers)
   * until the next `attach()`. */
  detach(): void {
    if (this.connection) this.#detach(this.connection, true);
    this.connection = null;
    this.#stopTimers();
  }

  protected configureChannel(_link: ConnectionState): void {}

  #detach(connection: ConnectionState, closeChannel: boolean): void {
    connection.closed = true;
    if (connection.tickTimer) clearInterval(connection.tickTimer);
    connection.tickTimer = null;
    connection.channel.onmessage = null;
    connection.channel.onclose = null;
    connection.channel.onbufferedamountlow = null;
    if (closeChannel) {
      try {
        connection.channel.close();
      } catch {
        /* ignore */
      }
    }
    this.kick();
  }

  #lastPing = 0;
  #lastMovedOn = Date.now();
  /** Set by `noteMovedOn` (a plain store: it runs per DATA frame), turned into a time by the next tick. */
  #movedOn = true;

  /** The peer did something that moves the transfer on (see `stallTimeoutMs`). */
  protected noteMovedOn(): void {
    this.#movedOn = true;
  }

  /** Whether this side is now waiting for the peer to move the transfer on. */
  protected awaitingPeer(): boolean {
    return false;
  }

  #tick(connection: ConnectionState): void {
    if (connection.closed) return;
    const now = Date.now();
    if (this.#movedOn) {
      this.#movedOn = false;
      this.#lastMovedOn = now;
    }
    if (connection.version !== null && now - this.#lastMovedOn > this.opts.stallTimeoutMs && this.awaitingPeer()) {
      this.fail(new StalledError(this.opts.stallTimeoutMs));
      return;
    }
    if (now - connection.lastSeen > this.opts.idleTimeoutMs) {
      // Silent for too long: treat as gone (and make sure the channel really is closed).
      this.#onClose(connection);
      try {
        connection.channel.close();
      } catch {
        /* ignore */
      }
      return;
    }
    if (now - this.#lastPing >= this.opts.pingIntervalMs && connection.version !== null) {
      this.#lastPing = now;
      this.sendControl(connection, { t: 'ping' });
    }
  }

  #onClose(connection: ConnectionState): void {
    if (connection !== this.connection || connection.closed) return;
    this.#detach(connection, false);
    if (this.finished) return;
    if (this.#progressTimer) clearInterval(this.#progressTimer);
    this.#progressTimer = null;
    const error = new PeerGoneError();
    this.onDisconnected(connection);
    this.emit('disconnected', { error });
    if (this.opts.reconnectTimeoutMs > 0) {
      this.#reconnectTimer = setTimeout(() => {
        if (this.connection === connection || this.connection === null || this.connection.closed)
          this.fail(
            new PeerGoneError('The other device disconnected and did not come back.', { recoverable: false }),
            false,
          );
      }, this.opts.reconnectTimeoutMs);
    }
  }

  protected onDisconnected(_link: ConnectionState): void {}

  #onMessage(connection: ConnectionState, data: ChannelMessage): void {
    if (connection.closed || this.finished) return;
    connection.lastSeen = Date.now();
    try {
      if (typeof data === 'string') {
        if (!connection.spendControl(connection.lastSeen)) {
          throw new ProtocolError(
            `The other device sent more than ${CONTROL_MESSAGES_PER_SECOND} control messages a second and was disconnected.`,
            { fault: 'control-flood' },
          );
        }
        let msg: ControlMessage;
        try {
          msg = parseControlMessage(data);
        } catch (e) {
          const overFiles = e instanceof ControlMessageError && e.overLongList === 'files';
          throw new ProtocolError(
            (e as Error).message,
            overFiles ? { cause: e, fault: 'list-too-many' } : { cause: e },
          );
        }
        if (msg.t === 'ping') return;
        if (msg.t === 'hello') this.#onHello(connection, msg);
        else if (connection.version === null && msg.t !== 'error') throw new ProtocolError(`'${msg.t}' before hello`);
        else this.onControl(connection, msg);
      } else {
        if (connection.version === null) throw new ProtocolError('data before hello');
        this.onData(connection, data);
      }
    } catch (e) {
      this.fail(
        e instanceof TransferError
          ? e
          : new TransferError('internal', String((e as Error)?.message ?? e), { cause: e }),
      );
    }
  }

  #onHello(connection: ConnectionState, msg: HelloMessage): void {
    if (connection.version !== null) throw new ProtocolError('second hello');
    if (!connection.helloSent && !this.#sendHello(connection)) return;
    if (msg.role === this.role) throw new ProtocolError(`both peers are ${this.role}s`);
    const v = negotiateVersion(this.opts.versions, msg.versions);
    if (v === null) throw new VersionError(this.opts.versions, msg.versions);
    connection.version = v;
    connection.peerMaxMessage = msg.maxMessageSize ?? SAFE_MESSAGE_BYTES;
    this.noteMovedOn();
    const resumed = this.#everConnected;
    this.#everConnected = true;
    this.emit('connected', { version: v, resumed });
    this.onHandshake(connection);
  }

  protected abstract onHandshake(connection: ConnectionState): void;
  protected abstract onControl(connection: ConnectionState, msg: ControlMessage): void;
  protected abstract onData(connection: ConnectionState, data: ArrayBuffer): void;
  protected abstract emitProgress(force: boolean): void;
  protected abstract result(): TransferResult;

  protected isAlive(connection: ConnectionState): boolean {
    return connection === this.connection && !connection.closed && !this.finished;
  }

  protected sendControl(connection: ConnectionState | null, msg: ControlMessage): boolean {
    if (!connection || connection.closed) return false;
    // Before the handshake the other side takes only `hello` and `error`. What this side has to say then is left
    // over from the connection before (an ack of a write that ended after a reconnect, a digest check's verdict)
    // and would end the transfer there; the `have` after the handshake tells it all the same.
    if (connection.version === null && msg.t !== 'hello' && msg.t !== 'error') return false;
    try {
      connection.channel.send(JSON.stringify(msg));
      return true;
    } catch {
      this.#onClose(connection);
      return false;
    }
  }

  /** The largest message both ends of `connection` take. */
  protected messageLimit(connection: ConnectionState): number {
    return Math.min(connection.channel.maxMessageSize, connection.peerMaxMessage);
  }

  /**
   * A message listing one entry per file (`have`, `done`): from version 2 on in parts that each fit
   * `messageLimit`, all but the last marked `more`; to a version 1 peer whole, as that version knows it.
   */
  protected sendList<T>(
    connection: ConnectionState | null,
    entries: readonly T[],
    message: (part: T[], more: boolean) => ControlMessage,
  ): void {
    if (!connection) return;
    if ((connection.version ?? 0) < PARTS_VERSION) {
      this.sendControl(connection, message([...entries], false));
      return;
    }
    const parts = splitIntoParts(entries, this.messageLimit(connection));
    if (parts.length === 0) parts.push([]);
    for (const [i, part] of parts.entries()) this.sendControl(connection, message(part, i < parts.length - 1));
  }

  /** Wake the sending loop (buffer drained, ack arrived, cancel, close). */
  protected kick(): void {
    const w = this.#waiter;
    this.#waiter = null;
    w?.();
  }

  /** Sleep until kicked (or a short timeout, as a safety net). */
  protected wait(ms = 200): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        if (this.#waiter === done) this.#waiter = null;
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      const prev = this.#waiter;
      this.#waiter = () => {
        prev?.();
        done();
      };
    });
  }

  #stopTimers(): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    if (this.#progressTimer) clearInterval(this.#progressTimer);
    this.#reconnectTimer = null;
    this.#progressTimer = null;
    if (this.connection?.tickTimer) clearInterval(this.connection.tickTimer);
  }

  protected succeed(): void {
    if (this.finished) return;
    // Finished before the last progress event: a listener may close the connection from it, and that is no drop.
    this.finished = true;
    this.#stopTimers();
    this.emitProgress(true);
    const r = this.result();
    this.onFinished();
    this.emit('done', r);
    this.#resolve(r);
    this.kick();
    // Leave the channel open: the page closes it (the last messages may still be in flight).
    if (this.connection) {
      const connection = this.connection;
      connection.channel.onmessage = null;
      connection.channel.onbufferedamountlow = null;
    }
  }

  /** End the transfer with `error`; tell the peer when `tellPeer`. */
  protected fail(error: TransferError, tellPeer = true): void {
    if (this.finished) return;
    this.finished = true;
    this.#stopTimers();
    const connection = this.connection;
    if (tellPeer && connection && !connection.closed) {
      if (error.code === 'cancelled')
        this.sendControl(connection, { t: 'cancel', ...(error.message ? { reason: 'cancelled' } : {}) });
      else if (error.code !== 'peer-gone') {
        const code: WireErrorCode = isWireErrorCode(error.code) ? error.code : 'internal';
        this.sendControl(connection, { t: 'error', code, message: error.message });
      }
    }
    if (connection) {
      connection.channel.onmessage = null;
      // Give the last control message a moment to leave before closing; but not to a flooding peer: every message
      // it sends until the close reaches it still costs this page an event (a flood got 100,000 more out in that
      // moment), and a lost last word costs nothing.
      if (error.fault === 'control-flood') this.#detach(connection, true);
      else setTimeout(() => this.#detach(connection, true), 500);
    }
    this.onFinished();
    this.emit('error', error);
    this.#reject(error);
    this.kick();
  }

  /** The transfer has just ended (done or failed): release what it held. */
  protected onFinished(): void {}
}
