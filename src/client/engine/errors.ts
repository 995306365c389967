/**
 * Typed errors of the transfer engine. Every error the page sees is a `TransferError` with a stable
 * `code`; `recoverable` says whether the transfer can still finish (e.g. after a reconnect).
 */
import type { WireErrorCode } from '../../shared/transfer-protocol.ts';

/** The wire's `error` codes, and what each side finds out for itself. */
export type TransferErrorCode = WireErrorCode | 'peer-gone' | 'digest-mismatch' | 'cancelled';

/**
 * What exactly the other side got wrong, where a page has a sentence of its own for it (the code alone says only
 * "protocol"). Found by this side, never taken from the wire: a peer cannot choose what the page says.
 */
export type ProtocolFault =
  /** More control messages than the budget allows (a flood). */
  | 'control-flood'
  /** A part of a list came twice, too early, or with its files out of order. */
  | 'list-order'
  /** A list's files or bytes do not add up to what was announced. */
  | 'list-totals'
  /** A list holds more files than announced, or than a transfer may have. */
  | 'list-too-many'
  /** A list announced in parts was not finished in time. */
  | 'list-unfinished'
  /** More bytes sent than the flow-control window lets through (`OverrunError`). */
  | 'overrun';

export class TransferError extends Error {
  override name = 'TransferError';
  readonly code: TransferErrorCode;
  readonly recoverable: boolean;
  /** The file it concerns, when it concerns one. */
  readonly index: number | undefined;
  /** The other peer reported it (a wire `error`): `message` is that peer's free text, not ours — a page shows its
   * own words for the code instead. */
  readonly fromPeer: boolean;
  /** What exactly went wrong, when this side found a `protocol` fault it has words for. */
  readonly fault: ProtocolFault | undefined;
  constructor(
    code: TransferErrorCode,
    message: string,
    opts: { recoverable?: boolean; index?: number; cause?: unknown; fromPeer?: boolean; fault?: ProtocolFault } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.recoverable = opts.recoverable ?? false;
    this.index = opts.index;
    this.fromPeer = opts.fromPeer ?? false;
    this.fault = opts.fault;
  }
}

/** The other peer went away (channel closed, or silent past the idle timeout). Recoverable by reconnecting. */
export class PeerGoneError extends TransferError {
  override name = 'PeerGoneError';
  constructor(message = 'The other device disconnected.', opts: { recoverable?: boolean } = {}) {
    super('peer-gone', message, { recoverable: opts.recoverable ?? true });
  }
}

/** The receiving side has no room left (quota exceeded or disk full). */
export class StorageFullError extends TransferError {
  override name = 'StorageFullError';
  constructor(
    message = 'The receiving device has no storage space left.',
    opts: { index?: number; cause?: unknown; fromPeer?: boolean } = {},
  ) {
    super('storage-full', message, opts);
  }
}

/** Some other storage failure on the receiving side. */
export class StorageError extends TransferError {
  override name = 'StorageError';
  constructor(message: string, opts: { index?: number; cause?: unknown; fromPeer?: boolean } = {}) {
    super('storage', message, opts);
  }
}

/** The SHA-256 of what arrived differs from the sender's. The file is discarded and sent again. */
export class DigestMismatchError extends TransferError {
  override name = 'DigestMismatchError';
  readonly expected: string;
  readonly actual: string;
  readonly attempt: number;
  constructor(index: number, expected: string, actual: string, attempt: number, willRetry: boolean) {
    super(
      'digest-mismatch',
      `File #${index} arrived corrupted (SHA-256 ${actual.slice(0, 12)}… instead of ${expected.slice(0, 12)}…, attempt ${attempt})` +
        (willRetry ? '; sending it again.' : '; giving up on this file.'),
      { index, recoverable: willRetry },
    );
    this.expected = expected;
    this.actual = actual;
    this.attempt = attempt;
  }
}

/** The transfer (no index) or one file (index) was cancelled, by `byPeer` or locally. */
export class CancelledError extends TransferError {
  override name = 'CancelledError';
  readonly byPeer: boolean;
  constructor(opts: { index?: number; byPeer?: boolean; reason?: string } = {}) {
    const who = opts.byPeer ? 'the other device' : 'you';
    const what = opts.index === undefined ? 'The transfer' : `File #${opts.index}`;
    super(
      'cancelled',
      `${what} was cancelled by ${who}${opts.reason ? `: ${opts.reason}` : '.'}`,
      opts.index === undefined ? {} : { index: opts.index },
    );
    this.byPeer = opts.byPeer ?? false;
  }
}

export class ProtocolError extends TransferError {
  override name = 'ProtocolError';
  constructor(message: string, opts: { cause?: unknown; fromPeer?: boolean; fault?: ProtocolFault } = {}) {
    super('protocol', message, opts);
  }
}

/**
 * The sender ignored the flow-control window: this side holds more of its bytes not yet stored than an honest
 * sender can have in flight (`MAX_UNWRITTEN_BYTES`). Storage slower than the network would otherwise fill memory.
 */
export class OverrunError extends ProtocolError {
  override name = 'OverrunError';
  constructor(limitBytes: number) {
    super(
      `The other device sent more than ${Math.round(limitBytes / (1024 * 1024))} MiB that were not yet stored, ignoring the flow-control window, and was disconnected.`,
      { fault: 'overrun' },
    );
  }
}

/** The peer stays connected but has not moved the transfer on for too long (a hostile or stuck peer). */
export class StalledError extends TransferError {
  override name = 'StalledError';
  constructor(afterMs: number) {
    super(
      'protocol',
      `Nothing has arrived from the other device for ${Math.round(afterMs / 1000)} seconds although it is still connected, so the transfer was stopped.`,
    );
  }
}

export class VersionError extends TransferError {
  override name = 'VersionError';
  constructor(mine: readonly number[], theirs: readonly number[]) {
    super(
      'version',
      `No common protocol version (this device speaks ${mine.join(', ')}, the other ${theirs.join(', ')}). Reload both pages.`,
    );
  }
}

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || /quota|no space|disk.*full/i.test(String((e as Error | null)?.message ?? ''));
}

/**
 * Turn a wire `error` message into the matching typed error, marked as the peer's (`fromPeer`). A code this
 * build does not know (a newer peer's) is an `internal` error.
 */
export function errorFromWire(code: string, message: string): TransferError {
  const fromPeer = { fromPeer: true };
  switch (code) {
    case 'storage-full':
      return new StorageFullError(message, fromPeer);
    case 'storage':
      return new StorageError(message, fromPeer);
    case 'version':
      return new TransferError('version', message, fromPeer);
    case 'protocol':
      return new ProtocolError(message, fromPeer);
    default:
      return new TransferError('internal', message, fromPeer);
  }
}
