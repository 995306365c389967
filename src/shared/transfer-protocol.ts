/**
 * The wire of the transfer engine, imported by both peers (and by the server for the `complete`
 * metadata). Documented with diagrams in docs/transfer-protocol.md.
 *
 * One reliable, ordered RTCDataChannel carries two kinds of messages:
 *  - binary messages (ArrayBuffer) = DATA frames: a 16-byte header + file bytes;
 *  - text messages (string)        = JSON control messages, validated on arrival by `parseControlMessage`.
 */
import { isSafeRelativePath } from './file-names.ts';

export const PROTOCOL_NAME = 'phuppi-transfer';
/** Protocol versions this build speaks, oldest first. The peers use the highest common one. */
export const SUPPORTED_VERSIONS: readonly number[] = [1];

// ---------------------------------------------------------------------------------------------
// Binary DATA frames
// ---------------------------------------------------------------------------------------------

/**
 * Header layout (little endian), 16 bytes:
 *
 * | byte  | field      | type | meaning                                      |
 * | ----- | ---------- | ---- | -------------------------------------------- |
 * | 0     | kind       | u8   | FRAME_KIND_DATA (1); other values reserved   |
 * | 1     | flags      | u8   | 0 (reserved)                                 |
 * | 2–3   | reserved   | u16  | 0                                            |
 * | 4–7   | fileIndex  | u32  | index in the manifest                        |
 * | 8–15  | offset     | u64  | byte offset of the payload in that file      |
 * | 16–   | payload    |      | file bytes, 0 < length ≤ chunk size          |
 */
export const FRAME_HEADER_BYTES = 16;
export const FRAME_KIND_DATA = 1;

/** Chromium refuses messages over 256 KiB; other stacks (werift, some Firefox builds) take 64 KiB. */
export const MAX_MESSAGE_BYTES_CHROMIUM = 256 * 1024;
export const SAFE_MESSAGE_BYTES = 64 * 1024;

export interface DataFrameHeader {
  kind: number;
  fileIndex: number;
  offset: number;
}

export function writeFrameHeader(target: ArrayBuffer | Uint8Array, fileIndex: number, offset: number): void {
  const view =
    target instanceof Uint8Array
      ? new DataView(target.buffer, target.byteOffset, FRAME_HEADER_BYTES)
      : new DataView(target, 0, FRAME_HEADER_BYTES);
  view.setUint8(0, FRAME_KIND_DATA);
  view.setUint8(1, 0);
  view.setUint16(2, 0, true);
  view.setUint32(4, fileIndex, true);
  view.setUint32(8, offset % 0x1_0000_0000, true);
  view.setUint32(12, Math.floor(offset / 0x1_0000_0000), true);
}

/** A standalone 16-byte header (to be followed by the payload, e.g. `new Blob([header, slice])`). */
export function encodeFrameHeader(fileIndex: number, offset: number): Uint8Array {
  const h = new Uint8Array(FRAME_HEADER_BYTES);
  writeFrameHeader(h, fileIndex, offset);
  return h;
}

/** Header + payload in one ArrayBuffer (copies the payload). */
export function encodeDataFrame(fileIndex: number, offset: number, payload: Uint8Array): ArrayBuffer {
  const buf = new ArrayBuffer(FRAME_HEADER_BYTES + payload.byteLength);
  writeFrameHeader(buf, fileIndex, offset);
  new Uint8Array(buf, FRAME_HEADER_BYTES).set(payload);
  return buf;
}

/** Reads the header; throws on anything that is not a well-formed DATA frame. */
export function decodeFrameHeader(frame: ArrayBuffer): DataFrameHeader {
  if (frame.byteLength < FRAME_HEADER_BYTES) throw new Error(`frame too short (${frame.byteLength} bytes)`);
  const view = new DataView(frame, 0, FRAME_HEADER_BYTES);
  const kind = view.getUint8(0);
  if (kind !== FRAME_KIND_DATA) throw new Error(`unknown frame kind ${kind}`);
  const fileIndex = view.getUint32(4, true);
  const hi = view.getUint32(12, true);
  if (hi > 0x1f_ffff) throw new Error('frame offset out of range');
  const offset = hi * 0x1_0000_0000 + view.getUint32(8, true);
  return { kind, fileIndex, offset };
}

// ---------------------------------------------------------------------------------------------
// JSON control messages
// ---------------------------------------------------------------------------------------------

export type Role = 'sender' | 'receiver';

/** One file in the manifest. `name` is a sanitised relative path ("folder/sub/file.txt"). */
export interface ManifestFile {
  index: number;
  name: string;
  size: number;
  type: string;
  lastModified: number;
}

/** Both peers send this first; each picks max(common versions). */
export interface HelloMessage {
  t: 'hello';
  protocol: typeof PROTOCOL_NAME;
  versions: number[];
  role: Role;
  /** Largest message this peer accepts (RTCSctpTransport.maxMessageSize), if known. */
  maxMessageSize?: number;
}

/** Sender → receiver after hello: what will be sent. Same `transferId` on every reconnect. */
export interface ManifestMessage {
  t: 'manifest';
  version: number;
  transferId: string;
  files: ManifestFile[];
}

export interface HaveEntry {
  index: number;
  /** Bytes of this file already stored (and hashed) by the receiver; the sender resumes from here. */
  bytes: number;
  /** Stored and verified: not to be sent again. */
  done: boolean;
  /** The receiver does not want this file (cancelled on its side). */
  cancelled?: boolean;
}

/** Receiver → sender, answering the manifest: what it already has (all zero on a fresh transfer). */
export interface HaveMessage {
  t: 'have';
  transferId: string;
  files: HaveEntry[];
}

/** Receiver → sender: bytes of a file durably stored so far (flow-control window + progress). */
export interface AckMessage {
  t: 'ack';
  index: number;
  bytes: number;
}

/** Sender → receiver after the last DATA frame of a file (also for empty files). */
export interface DigestMessage {
  t: 'digest';
  index: number;
  size: number;
  sha256: string;
}

/** Receiver → sender: the file is stored and its SHA-256 matches. */
export interface FileOkMessage {
  t: 'file-ok';
  index: number;
  sha256: string;
}

/** Receiver → sender: digest mismatch; the receiver has discarded the bytes; send the file again from 0. */
export interface FileBadMessage {
  t: 'file-bad';
  index: number;
  expected: string;
  actual: string;
  attempt: number;
  /** False when the receiver gives up on this file (too many attempts). */
  retry: boolean;
}

/** Either side: stop one file (`index`) or everything (no `index`). */
export interface CancelMessage {
  t: 'cancel';
  index?: number;
  reason?: string;
}

export type WireErrorCode = 'storage-full' | 'storage' | 'protocol' | 'version' | 'internal';

/** Either side: a fatal problem; the transfer stops. */
export interface ErrorMessage {
  t: 'error';
  code: WireErrorCode;
  message: string;
}

export type FileOutcome = 'ok' | 'cancelled' | 'failed';

/** Receiver → sender: every file has an outcome; the transfer is over. */
export interface DoneMessage {
  t: 'done';
  files: { index: number; status: FileOutcome; sha256?: string }[];
}

/**
 * Receiver → sender: storage ran out mid-file; stop sending (`reason` says why, for the sender's page). The
 * sender answers with a `pause` of its own once it has stopped: every frame it sent before comes before that
 * answer, so the receiver knows when the stream is quiet. The receiver resumes with a fresh `have`.
 */
export interface PauseMessage {
  t: 'pause';
  reason?: string;
}

/** Keep-alive, either side. */
export interface PingMessage {
  t: 'ping';
}

export type ControlMessage =
  | HelloMessage
  | ManifestMessage
  | HaveMessage
  | AckMessage
  | DigestMessage
  | FileOkMessage
  | FileBadMessage
  | CancelMessage
  | ErrorMessage
  | DoneMessage
  | PauseMessage
  | PingMessage;

export const MAX_CONTROL_MESSAGE_CHARS = 8 * 1024 * 1024;
/**
 * Files in one transfer (one guest). Every file costs the receiving page state and, shown, DOM rows; a
 * stranger's manifest must stay within what a page can hold next to others (the server takes as many in
 * `complete`). A larger manifest is a protocol error.
 */
export const MAX_FILES = 10_000;
/**
 * Control messages a peer may send: a steady rate per second and a burst on top (a folder of empty files
 * sends a digest per file at once, so every file in the manifest adds to the burst). Over it the peer is
 * disconnected: 44,000 pings a second once froze the receiving page.
 */
export const CONTROL_MESSAGES_PER_SECOND = 500;
export const CONTROL_MESSAGE_BURST = 1_000;
export const CONTROL_MESSAGES_PER_FILE = 4;
export const MAX_TRANSFER_ID_LENGTH = 128;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const WIRE_ERROR_CODES: readonly string[] = ['storage-full', 'storage', 'protocol', 'version', 'internal'];

export class ControlMessageError extends Error {
  override name = 'ControlMessageError';
}

function fail(why: string): never {
  throw new ControlMessageError(`invalid control message: ${why}`);
}
function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function uint(v: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) fail(`${what} must be an integer 0…${max}`);
  return v;
}
function str(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string' || v.length > max) fail(`${what} must be a string of at most ${max} characters`);
  return v;
}
function sha(v: unknown, what: string): string {
  if (typeof v !== 'string' || !SHA256_HEX.test(v)) fail(`${what} must be a lower-case hex SHA-256`);
  return v;
}
function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what} must be a boolean`);
  return v;
}
function transferId(v: unknown): string {
  const s = str(v, 'transferId', MAX_TRANSFER_ID_LENGTH);
  if (!/^[A-Za-z0-9_-]+$/.test(s)) fail('transferId must be [A-Za-z0-9_-]+');
  return s;
}

function manifestFile(v: unknown, i: number): ManifestFile {
  if (!isObj(v)) fail(`files[${i}] must be an object`);
  const index = uint(v.index, `files[${i}].index`);
  if (index !== i) fail(`files[${i}].index must be ${i}`);
  const name = str(v.name, `files[${i}].name`, 4096);
  // The sender sanitises; a receiver still refuses anything that is not already safe.
  if (!isSafeRelativePath(name)) fail(`files[${i}].name is not a safe relative path`);
  return {
    index,
    name,
    size: uint(v.size, `files[${i}].size`),
    type: str(v.type ?? '', `files[${i}].type`, 255),
    lastModified: typeof v.lastModified === 'number' && Number.isFinite(v.lastModified) ? v.lastModified : 0,
  };
}

/**
 * Parse and validate one text message. Unknown fields are dropped; anything malformed throws
 * `ControlMessageError` (the engine then answers with an `error` message and stops).
 */
export function parseControlMessage(text: string): ControlMessage {
  if (typeof text !== 'string') fail('not text');
  if (text.length > MAX_CONTROL_MESSAGE_CHARS) fail('too long');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    fail('not JSON');
  }
  if (!isObj(v)) fail('not an object');
  switch (v.t) {
    case 'hello': {
      if (v.protocol !== PROTOCOL_NAME) fail(`protocol must be ${PROTOCOL_NAME}`);
      if (!Array.isArray(v.versions) || v.versions.length === 0 || v.versions.length > 64) fail('versions');
      const versions = v.versions.map((x, i) => uint(x, `versions[${i}]`, 65535));
      if (v.role !== 'sender' && v.role !== 'receiver') fail('role');
      const msg: HelloMessage = { t: 'hello', protocol: PROTOCOL_NAME, versions, role: v.role };
      if (v.maxMessageSize !== undefined) msg.maxMessageSize = uint(v.maxMessageSize, 'maxMessageSize');
      return msg;
    }
    case 'manifest': {
      if (!Array.isArray(v.files)) fail('files');
      if (v.files.length > MAX_FILES) fail(`too many files (${v.files.length}; at most ${MAX_FILES} per transfer)`);
      return {
        t: 'manifest',
        version: uint(v.version, 'version', 65535),
        transferId: transferId(v.transferId),
        files: v.files.map(manifestFile),
      };
    }
    case 'have': {
      if (!Array.isArray(v.files) || v.files.length > MAX_FILES) fail('files');
      const files = v.files.map((e, i): HaveEntry => {
        if (!isObj(e)) fail(`files[${i}]`);
        const entry: HaveEntry = {
          index: uint(e.index, `files[${i}].index`),
          bytes: uint(e.bytes, `files[${i}].bytes`),
          done: bool(e.done, `files[${i}].done`),
        };
        if (e.cancelled !== undefined) entry.cancelled = bool(e.cancelled, `files[${i}].cancelled`);
        return entry;
      });
      return { t: 'have', transferId: transferId(v.transferId), files };
    }
    case 'ack':
      return { t: 'ack', index: uint(v.index, 'index'), bytes: uint(v.bytes, 'bytes') };
    case 'digest':
      return {
        t: 'digest',
        index: uint(v.index, 'index'),
        size: uint(v.size, 'size'),
        sha256: sha(v.sha256, 'sha256'),
      };
    case 'file-ok':
      return { t: 'file-ok', index: uint(v.index, 'index'), sha256: sha(v.sha256, 'sha256') };
    case 'file-bad':
      return {
        t: 'file-bad',
        index: uint(v.index, 'index'),
        expected: sha(v.expected, 'expected'),
        actual: sha(v.actual, 'actual'),
        attempt: uint(v.attempt, 'attempt', 1000),
        retry: bool(v.retry, 'retry'),
      };
    case 'cancel': {
      const msg: CancelMessage = { t: 'cancel' };
      if (v.index !== undefined) msg.index = uint(v.index, 'index');
      if (v.reason !== undefined) msg.reason = str(v.reason, 'reason', 500);
      return msg;
    }
    case 'error': {
      const code = str(v.code, 'code', 40);
      return {
        t: 'error',
        code: (WIRE_ERROR_CODES.includes(code) ? code : 'internal') as WireErrorCode,
        message: str(v.message, 'message', 2000),
      };
    }
    case 'done': {
      if (!Array.isArray(v.files) || v.files.length > MAX_FILES) fail('files');
      const files = v.files.map((e, i) => {
        if (!isObj(e)) fail(`files[${i}]`);
        if (e.status !== 'ok' && e.status !== 'cancelled' && e.status !== 'failed') fail(`files[${i}].status`);
        const out: DoneMessage['files'][number] = { index: uint(e.index, `files[${i}].index`), status: e.status };
        if (e.sha256 !== undefined) out.sha256 = sha(e.sha256, `files[${i}].sha256`);
        return out;
      });
      return { t: 'done', files };
    }
    case 'pause': {
      const msg: PauseMessage = { t: 'pause' };
      if (v.reason !== undefined) msg.reason = str(v.reason, 'reason', 2000);
      return msg;
    }
    case 'ping':
      return { t: 'ping' };
    default:
      fail(`unknown type ${JSON.stringify(String(v.t)).slice(0, 40)}`);
  }
}

/** Highest version both peers speak, or null when they share none. */
export function negotiateVersion(mine: readonly number[], theirs: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of mine) if (theirs.includes(v) && (best === null || v > best)) best = v;
  return best;
}

/** What the sender reports to the server in `complete` (see SPEC §5). */
export interface CompletedFileMetadata {
  name: string;
  size: number;
  type: string;
  sha256?: string;
}
