/**
 * The state of a guest's page, in either direction (the guest sends into a receive session, or downloads a
 * share), and the one function that changes it. Pure and DOM-free: the page's wiring turns what happens
 * (the PIN step, the connector, the transfer engine, the server's answers) into `GuestEvent`s, and renders
 * whatever state `guestTransition` returns. Events that come too late or in the wrong phase (the owner's
 * browser connects after the link ended, progress after a failure) leave the state as it is.
 */
import type { RevokeReason } from '../../../shared/api/p2p.ts';
import type { ProgressFigures } from '../../engine/progress.ts';
import type { FailureWords } from '../transfer-failure.ts';

/** Where one file of the transfer stands. */
export type FileStatus =
  | { kind: 'waiting' }
  | { kind: 'moving' }
  | { kind: 'arrived'; file: File | null }
  /** Its SHA-256 did not match: sent again (`recoverable`) or given up. */
  | { kind: 'damaged'; recoverable: boolean }
  | { kind: 'failed'; failure: FailureCause }
  | { kind: 'cancelled'; byOwner: boolean };

export interface FileRow {
  name: string;
  size: number;
  status: FileStatus;
  progress: ProgressFigures | null;
  /** It arrived damaged once and was sent again. */
  mended: boolean;
}

/** Why a transfer error happened, as the page words it (the other side's free text is never kept). */
export type FailureCause = FailureWords;

/** What the warning box says while the page goes on. */
export type Warning =
  | { kind: 'paused'; message: string }
  | { kind: 'damaged'; name: string; recoverable: boolean }
  /** The two devices could not connect directly. */
  | { kind: 'connection-tips' };

export interface Transfer {
  files: readonly FileRow[];
  overall: ProgressFigures;
  /** The owner's device offered the files (a download's progress bars show from then on). */
  offered: boolean;
  warning: Warning | null;
}

/** Why a transfer ended without all files. */
export type Failure =
  | { kind: 'stopped'; byOwner: boolean }
  | { kind: 'owner-gone' }
  | { kind: 'storage-full' }
  /** The owner's device offered other files than the share lists (`text` says how). */
  | { kind: 'refused'; text: string }
  | { kind: 'error'; cause: FailureCause };

/** Why the page cannot go on at all. */
export type PageEnd =
  | { kind: 'expired' }
  | { kind: 'not-found' }
  | { kind: 'cancelled' }
  | { kind: 'revoked'; reason: RevokeReason; message: string }
  /** The server refused the ticket when this device registered (a new PIN was set meanwhile). */
  | { kind: 'ticket-refused' };

export interface ResultFile {
  index: number;
  name: string;
  size: number;
  type: string;
  ok: boolean;
  /** Status word when not ok ("failed", "cancelled"). */
  status: string;
  sha256?: string;
}

/** While a connection is awaited: `longWait` once the wait outlasted a moment, `serverLost` while signaling is down. */
interface Awaiting {
  transfer: Transfer;
  longWait: boolean;
  serverLost: boolean;
}

export type GuestState =
  /** No ticket yet: the PIN step (and, sending, the choice of files). */
  | { phase: 'pin' }
  /** Ticket in hand: registering this device with signaling and the server. */
  | { phase: 'registering'; transfer: Transfer; serverLost: boolean }
  /** Registered; the owner's device has not connected yet. */
  | ({ phase: 'waiting' } & Awaiting)
  | { phase: 'connected'; transfer: Transfer; resumed: boolean }
  /** The connection dropped; the owner's device dials again and the transfer resumes. */
  | ({ phase: 'reconnecting' } & Awaiting)
  | { phase: 'done'; transfer: Transfer; result: readonly ResultFile[] }
  | { phase: 'failed'; transfer: Transfer; failure: Failure }
  /** The link or the ticket no longer holds; `before` is the state the page was in. */
  | { phase: 'ended'; end: PageEnd; before: Exclude<GuestState, { phase: 'ended' }> };

export type GuestEvent =
  | { type: 'start'; files: readonly { name: string; size: number }[] }
  | { type: 'registered' }
  | { type: 'wait-outlasted' }
  | { type: 'signaling'; online: boolean }
  | { type: 'incoming-connection' }
  | { type: 'connection-tips' }
  | { type: 'connected'; resumed: boolean }
  | { type: 'disconnected' }
  | { type: 'offered' }
  | { type: 'progress'; overall: ProgressFigures; files: readonly ({ index: number } & ProgressFigures)[] }
  | { type: 'file-start'; index: number }
  | { type: 'file-arrived'; index: number; file?: File }
  | { type: 'file-damaged'; index: number; recoverable: boolean }
  | { type: 'file-failed'; index: number; cause: FailureCause }
  | { type: 'file-cancelled'; index: number; byOwner: boolean }
  | { type: 'paused'; message: string }
  | { type: 'resumed' }
  | { type: 'done'; result: readonly ResultFile[] }
  | { type: 'failed'; failure: Failure }
  | { type: 'ended'; end: PageEnd };

export const initialGuestState: GuestState = { phase: 'pin' };

/** The transfer the page shows, in whatever phase (null before the PIN). */
export function transferOf(state: GuestState): Transfer | null {
  if (state.phase === 'ended') return transferOf(state.before);
  return state.phase === 'pin' ? null : state.transfer;
}

/** Files are moving or awaited: the page must not be left, and an expiry of the link lets the transfer finish. */
export function isRunning(state: GuestState): boolean {
  return (
    state.phase === 'registering' ||
    state.phase === 'waiting' ||
    state.phase === 'connected' ||
    state.phase === 'reconnecting'
  );
}

/** Nothing left to watch: the files arrived, or the page ended. */
export function isSettled(state: GuestState): boolean {
  return state.phase === 'done' || state.phase === 'ended';
}

function newTransfer(files: readonly { name: string; size: number }[]): Transfer {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return {
    files: files.map((f) => ({
      name: f.name,
      size: f.size,
      status: { kind: 'waiting' },
      progress: null,
      mended: false,
    })),
    overall: { bytes: 0, total, percent: 0, speed: 0, eta: null },
    offered: false,
    warning: null,
  };
}

/** `transfer` with file `index` changed by `change` (an unknown index changes nothing). */
function withFile(transfer: Transfer, index: number, change: (row: FileRow) => FileRow): Transfer {
  const row = transfer.files[index];
  if (!row) return transfer;
  const files = [...transfer.files];
  files[index] = change(row);
  return { ...transfer, files };
}

function withProgress(transfer: Transfer, event: Extract<GuestEvent, { type: 'progress' }>): Transfer {
  const files = [...transfer.files];
  for (const f of event.files) {
    const row = files[f.index];
    // An arrived file keeps its final figures (and, downloaded, its link instead of a bar).
    if (!row || row.status.kind === 'arrived') continue;
    const { index: _index, ...figures } = f;
    const moving = f.bytes > 0 && f.bytes < f.total;
    files[f.index] = { ...row, progress: figures, status: moving ? { kind: 'moving' } : row.status };
  }
  return { ...transfer, files, overall: event.overall };
}

/** What a transfer event does to the transfer itself, in whichever phase takes it. */
function transferChange(transfer: Transfer, event: GuestEvent): Transfer {
  switch (event.type) {
    case 'progress':
      return withProgress(transfer, event);
    case 'offered':
      return { ...transfer, offered: true };
    case 'file-start':
      return withFile(transfer, event.index, (row) =>
        row.status.kind === 'arrived' ? row : { ...row, status: { kind: 'moving' } },
      );
    case 'file-arrived':
      return withFile(transfer, event.index, (row) =>
        row.status.kind === 'arrived'
          ? row
          : {
              ...row,
              status: { kind: 'arrived', file: event.file ?? null },
              progress: { bytes: row.size, total: row.size, percent: 100, speed: 0, eta: 0 },
            },
      );
    case 'file-damaged': {
      const damaged = withFile(transfer, event.index, (row) => ({
        ...row,
        status: { kind: 'damaged', recoverable: event.recoverable },
        mended: row.mended || event.recoverable,
      }));
      const name = transfer.files[event.index]?.name ?? 'A file';
      return { ...damaged, warning: { kind: 'damaged', name, recoverable: event.recoverable } };
    }
    case 'file-failed':
      return withFile(transfer, event.index, (row) => ({ ...row, status: { kind: 'failed', failure: event.cause } }));
    case 'file-cancelled':
      return withFile(transfer, event.index, (row) => ({
        ...row,
        status: { kind: 'cancelled', byOwner: event.byOwner },
      }));
    case 'paused':
      return { ...transfer, warning: { kind: 'paused', message: event.message } };
    case 'resumed':
    case 'incoming-connection':
      return { ...transfer, warning: null };
    case 'connection-tips':
      return { ...transfer, warning: { kind: 'connection-tips' } };
    default:
      return transfer;
  }
}

/** The state after `event`. Pure: the same state and event always give the same answer. */
export function guestTransition(state: GuestState, event: GuestEvent): GuestState {
  switch (state.phase) {
    case 'pin':
      if (event.type === 'start')
        return { phase: 'registering', transfer: newTransfer(event.files), serverLost: false };
      return event.type === 'ended' ? { phase: 'ended', end: event.end, before: state } : state;
    case 'done':
      // Finished: the files arrived. Only what completes the picture still counts (last figures, links).
      return event.type === 'progress' || event.type === 'file-arrived'
        ? { ...state, transfer: transferChange(state.transfer, event) }
        : state;
    case 'failed':
      // The transfer is over; the link or the ticket may still turn out to be gone (that is why it stopped).
      if (event.type === 'ended') return { phase: 'ended', end: event.end, before: state };
      // A file that arrived in full before the end is still there to save.
      return event.type === 'file-arrived' ? { ...state, transfer: transferChange(state.transfer, event) } : state;
    case 'ended':
      return event.type === 'file-arrived' && state.before.phase !== 'pin'
        ? { ...state, before: { ...state.before, transfer: transferChange(state.before.transfer, event) } }
        : state;
    default:
      return running(state, event);
  }
}

type Running = Extract<GuestState, { phase: 'registering' | 'waiting' | 'connected' | 'reconnecting' }>;

function running(state: Running, event: GuestEvent): GuestState {
  const transfer = state.transfer;
  switch (event.type) {
    case 'start':
      return state;
    case 'registered':
      return state.phase === 'registering'
        ? { phase: 'waiting', transfer, longWait: false, serverLost: state.serverLost }
        : state;
    case 'wait-outlasted':
      return state.phase === 'waiting' || state.phase === 'reconnecting' ? { ...state, longWait: true } : state;
    case 'signaling':
      return state.phase === 'connected' ? state : { ...state, serverLost: !event.online };
    case 'connected':
      return { phase: 'connected', transfer: { ...transfer, warning: null }, resumed: event.resumed };
    case 'disconnected':
      return state.phase === 'connected'
        ? { phase: 'reconnecting', transfer, longWait: false, serverLost: false }
        : state;
    case 'done':
      return { phase: 'done', transfer, result: event.result };
    case 'failed':
      return { phase: 'failed', transfer, failure: event.failure };
    case 'ended':
      // An expiry while files move or are awaited lets them finish: the owner keeps what arrives.
      return event.end.kind === 'expired' ? state : { phase: 'ended', end: event.end, before: state };
    default:
      return { ...state, transfer: transferChange(transfer, event) };
  }
}

/** What a 404 / 410 answer to any call means for the page, or null for any other answer. */
export function pageEndOf(answer: { status: number; code: string }): PageEnd | null {
  if (answer.status === 410) return answer.code === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'expired' };
  if (answer.status === 404) return { kind: 'not-found' };
  return null;
}
