/**
 * The wire of the transfer engine, imported by both peers. Documented with diagrams in
 * docs/transfer-protocol.md.
 *
 * One reliable, ordered RTCDataChannel carries two kinds of messages:
 *  - binary messages (ArrayBuffer) = DATA frames: a 16-byte header + file bytes;
 *  - text messages (string)        = JSON control messages, each declared once below as a TypeBox schema:
 *    its type is derived from the schema (`Static`), and `parseControlMessage` checks arrivals against it
 *    with the check generated from it ahead of time (src/shared/generated/control-checks.ts).
 */
import type { Static, TSchema } from 'typebox';
// The builders from their own entry, as every module the pages import must take them: `Type` from 'typebox' is
// one object esbuild cannot trim, and the pages share TypeBox's files, so one such import puts all of it in each.
import * as Type from 'typebox/type';
import { isSafeRelativePath, MAX_PATH_LENGTH } from './file-names.ts';
// The checks of these schemas, generated ahead of time by scripts/generate-control-checks.ts: TypeBox's compiler
// builds the same code with `new Function`, which the pages' CSP forbids, and its interpreting check weighs
// more than the pages can carry.
import { type CheckTree, CONTROL_CHECKS } from './generated/control-checks.ts';
import { MAX_FILES } from './transfer-limits.ts';

export const PROTOCOL_NAME = 'phuppi-transfer';
/**
 * Protocol versions this build speaks, oldest first. The peers use the highest common one, so a page loaded
 * before an upgrade still talks to a newer one. 2: the file list (`manifest-head` + `manifest-part`) and the
 * long answers (`have`, `done`) go in parts, so a transfer of MAX_FILES files fits any data channel.
 */
export const SUPPORTED_VERSIONS: readonly number[] = [1, 2];
/** The first version that sends the file list and the long answers in parts. */
export const PARTS_VERSION = 2;

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
 * | 16–   | payload    |      | file bytes, 0 < length ≤ the sender's chunk  |
 */
export const FRAME_HEADER_BYTES = 16;
export const FRAME_KIND_DATA = 1;

/** Chromium refuses messages over 256 KiB; other stacks (werift, some Firefox builds) take 64 KiB. */
export const MAX_MESSAGE_BYTES_CHROMIUM = 256 * 1024;
export const SAFE_MESSAGE_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Flow control
// ---------------------------------------------------------------------------------------------

/** A sender keeps at most this many DATA payload bytes sent on one connection but not yet `ack`ed as stored. */
export const FLOW_WINDOW_BYTES = 32 * 1024 * 1024;
/** A receiver acks a file's stored bytes at least every this many bytes, and at the file's end. */
export const ACK_EVERY_BYTES = 1024 * 1024;
/**
 * The most a receiver holds handed to its storage but not yet written, over all files of a transfer. The window
 * counts bytes until they are acked, and only written bytes are acked, so an honest sender has at most
 * FLOW_WINDOW_BYTES unwritten at the receiver when it sends a frame, plus that frame (at most one message).
 * An ack interval more is margin. A peer past it ignores the window and is disconnected: a slow disk would
 * otherwise let it fill the receiving page's memory.
 */
export const MAX_UNWRITTEN_BYTES = FLOW_WINDOW_BYTES + ACK_EVERY_BYTES + MAX_MESSAGE_BYTES_CHROMIUM;

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

export const MAX_CONTROL_MESSAGE_CHARS = 8 * 1024 * 1024;
/**
 * Control messages a peer may send: a steady rate per second and a burst on top (a folder of empty files
 * sends a digest per file at once, so every file in the manifest adds to the burst). Over it the peer is
 * disconnected: 44,000 pings a second once froze the receiving page.
 */
export const CONTROL_MESSAGES_PER_SECOND = 500;
export const CONTROL_MESSAGE_BURST = 1_000;
export const CONTROL_MESSAGES_PER_FILE = 4;
export const MAX_TRANSFER_ID_LENGTH = 128;
/** A file's MIME type as the sender claims it (display only); the sender cuts longer ones. */
export const MAX_MIME_TYPE_LENGTH = 255;
/** Protocol versions are u16; a peer may offer this many. */
const MAX_VERSION = 0xffff;
const MAX_VERSIONS_OFFERED = 64;
/** Bounds of the free text a peer may send (`reason`, `message`) and of an error code. */
const MAX_CANCEL_REASON_LENGTH = 500;
const MAX_TEXT_LENGTH = 2000;
const MAX_ERROR_CODE_LENGTH = 40;
/** Digest mismatches after which a receiver gives up on a file are its own choice; more is not believable. */
const MAX_ATTEMPT = 1000;

/** A count, index or byte offset: a whole number a double holds exactly. */
const Uint = (maximum = Number.MAX_SAFE_INTEGER) => Type.Integer({ minimum: 0, maximum });
const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
const TransferId = Type.String({ maxLength: MAX_TRANSFER_ID_LENGTH, pattern: '^[A-Za-z0-9_-]+$' });
const Role = Type.Union([Type.Literal('sender'), Type.Literal('receiver')]);
export type Role = Static<typeof Role>;
const FileOutcome = Type.Union([Type.Literal('ok'), Type.Literal('cancelled'), Type.Literal('failed')]);
export type FileOutcome = Static<typeof FileOutcome>;

/** The `error` codes this build sends. */
export const WIRE_ERROR_CODES = ['storage-full', 'storage', 'protocol', 'version', 'internal'] as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];
export function isWireErrorCode(code: string): code is WireErrorCode {
  return (WIRE_ERROR_CODES as readonly string[]).includes(code);
}

/** A list of at most MAX_FILES entries (one per file of the manifest). */
const FileList = <T extends TSchema>(entry: T) => Type.Array(entry, { maxItems: MAX_FILES });
/**
 * Entries in one part of a list sent in parts (version 2). The sender also keeps each part within the smaller
 * of both peers' message limits; this bound is what the receiver holds it to, whatever the peer's stack takes.
 */
export const MAX_PART_ENTRIES = 1_000;
/**
 * Parts of one file list. The worst honest case is MAX_FILES files with names of MAX_PATH_LENGTH characters
 * of 3 UTF-8 bytes each (about 3.4 KB an entry) in 64 KiB messages: about 560 parts.
 */
export const MAX_MANIFEST_PARTS = 1_000;

/**
 * One file in the manifest. `name` is a relative path ("folder/sub/file.txt") already in the form
 * `sanitizeRelativePath` gives it: the sender sanitises, the receiver still refuses anything else.
 * A missing `type` or `lastModified` reads as '' / 0.
 */
export const ManifestFile = Type.Object({
  index: Uint(),
  name: Type.Refine(
    Type.String({ maxLength: MAX_PATH_LENGTH }),
    (name) => isSafeRelativePath(name),
    () => 'is not a safe relative path',
  ),
  size: Uint(),
  type: Type.String({ maxLength: MAX_MIME_TYPE_LENGTH, default: '' }),
  lastModified: Type.Number({ default: 0 }),
});
export type ManifestFile = Static<typeof ManifestFile>;

/** Both peers send this first; each picks max(common versions). */
export const HelloMessage = Type.Object({
  t: Type.Literal('hello'),
  protocol: Type.Literal(PROTOCOL_NAME),
  versions: Type.Array(Uint(MAX_VERSION), { minItems: 1, maxItems: MAX_VERSIONS_OFFERED }),
  role: Role,
  /** Largest message this peer accepts (RTCSctpTransport.maxMessageSize), if known. */
  maxMessageSize: Type.Optional(Uint()),
});
export type HelloMessage = Static<typeof HelloMessage>;

/** Sender → receiver after hello: what will be sent. Same `transferId` on every reconnect. */
export const ManifestMessage = Type.Object({
  t: Type.Literal('manifest'),
  version: Uint(MAX_VERSION),
  transferId: TransferId,
  files: Type.Refine(
    FileList(ManifestFile),
    (files) => files.every((f, i) => f.index === i),
    (files) => {
      const i = files.findIndex((f, position) => f.index !== position);
      return `files[${i}].index must be ${i}`;
    },
  ),
});
export type ManifestMessage = Static<typeof ManifestMessage>;

/**
 * Sender → receiver after hello, version 2: what will be sent, announced before the list itself. The list
 * follows in `parts` `manifest-part` messages (none for no files); the receiver accepts it only once every
 * part has come and the entries add up to `fileCount` files of `totalBytes` bytes.
 */
export const ManifestHeadMessage = Type.Object({
  t: Type.Literal('manifest-head'),
  version: Uint(MAX_VERSION),
  transferId: TransferId,
  fileCount: Uint(MAX_FILES),
  totalBytes: Uint(),
  parts: Uint(MAX_MANIFEST_PARTS),
});
export type ManifestHeadMessage = Static<typeof ManifestHeadMessage>;

/**
 * Sender → receiver, version 2: part `part` (0, 1, … in order) of the announced list. Its entries go on where
 * the previous part ended: the first one's `index` is the number of entries sent before it.
 */
export const ManifestPartMessage = Type.Object({
  t: Type.Literal('manifest-part'),
  part: Uint(MAX_MANIFEST_PARTS),
  files: Type.Array(ManifestFile, { minItems: 1, maxItems: MAX_PART_ENTRIES }),
});
export type ManifestPartMessage = Static<typeof ManifestPartMessage>;

export const HaveEntry = Type.Object({
  index: Uint(),
  /** Bytes of this file already stored (and hashed) by the receiver; the sender resumes from here. */
  bytes: Uint(),
  /** Stored and verified: not to be sent again. */
  done: Type.Boolean(),
  /** The receiver does not want this file (cancelled on its side). */
  cancelled: Type.Optional(Type.Boolean()),
});
export type HaveEntry = Static<typeof HaveEntry>;

/** Receiver → sender, answering the manifest: what it already has (all zero on a fresh transfer). */
export const HaveMessage = Type.Object({
  t: Type.Literal('have'),
  transferId: TransferId,
  files: FileList(HaveEntry),
  /**
   * Version 2: more parts of this list follow (each part's entries go on in index order where the last one
   * ended); the list is whole at the part without it.
   */
  more: Type.Optional(Type.Boolean()),
});
export type HaveMessage = Static<typeof HaveMessage>;

/** Receiver → sender: bytes of a file durably stored so far (flow-control window + progress). */
export const AckMessage = Type.Object({ t: Type.Literal('ack'), index: Uint(), bytes: Uint() });
export type AckMessage = Static<typeof AckMessage>;

/** Sender → receiver after the last DATA frame of a file (also for empty files). */
export const DigestMessage = Type.Object({ t: Type.Literal('digest'), index: Uint(), size: Uint(), sha256: Sha256Hex });
export type DigestMessage = Static<typeof DigestMessage>;

/** Receiver → sender: the file is stored and its SHA-256 matches. */
export const FileOkMessage = Type.Object({ t: Type.Literal('file-ok'), index: Uint(), sha256: Sha256Hex });
export type FileOkMessage = Static<typeof FileOkMessage>;

/** Receiver → sender: digest mismatch; the receiver has discarded the bytes; send the file again from 0. */
export const FileBadMessage = Type.Object({
  t: Type.Literal('file-bad'),
  index: Uint(),
  expected: Sha256Hex,
  actual: Sha256Hex,
  attempt: Uint(MAX_ATTEMPT),
  /** False when the receiver gives up on this file (too many attempts). */
  retry: Type.Boolean(),
});
export type FileBadMessage = Static<typeof FileBadMessage>;

/** Either side: stop one file (`index`) or everything (no `index`). */
export const CancelMessage = Type.Object({
  t: Type.Literal('cancel'),
  index: Type.Optional(Uint()),
  reason: Type.Optional(Type.String({ maxLength: MAX_CANCEL_REASON_LENGTH })),
});
export type CancelMessage = Static<typeof CancelMessage>;

/**
 * Either side: a fatal problem; the transfer stops. `code` is one of WIRE_ERROR_CODES from this build; a
 * newer peer's code this build does not know reads as `internal` (see `errorFromWire`).
 */
export const ErrorMessage = Type.Object({
  t: Type.Literal('error'),
  code: Type.String({ maxLength: MAX_ERROR_CODE_LENGTH }),
  message: Type.String({ maxLength: MAX_TEXT_LENGTH }),
});
export type ErrorMessage = Static<typeof ErrorMessage>;

/** Receiver → sender: every file has an outcome; the transfer is over. */
export const DoneMessage = Type.Object({
  t: Type.Literal('done'),
  files: FileList(Type.Object({ index: Uint(), status: FileOutcome, sha256: Type.Optional(Sha256Hex) })),
  /** Version 2: more parts follow, as for `have`. */
  more: Type.Optional(Type.Boolean()),
});
export type DoneMessage = Static<typeof DoneMessage>;

/**
 * Receiver → sender: storage ran out mid-file; stop sending (`reason` says why, for the sender's page). The
 * sender answers with a `pause` of its own once it has stopped: every frame it sent before comes before that
 * answer, so the receiver knows when the stream is quiet. The receiver resumes with a fresh `have`.
 */
export const PauseMessage = Type.Object({
  t: Type.Literal('pause'),
  reason: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH })),
});
export type PauseMessage = Static<typeof PauseMessage>;

/** Keep-alive, either side. */
export const PingMessage = Type.Object({ t: Type.Literal('ping') });
export type PingMessage = Static<typeof PingMessage>;

export const ControlMessage = Type.Union([
  HelloMessage,
  ManifestMessage,
  ManifestHeadMessage,
  ManifestPartMessage,
  HaveMessage,
  AckMessage,
  DigestMessage,
  FileOkMessage,
  FileBadMessage,
  CancelMessage,
  ErrorMessage,
  DoneMessage,
  PauseMessage,
  PingMessage,
]);
export type ControlMessage = Static<typeof ControlMessage>;

/** Each message's schema by its `t`. */
const SCHEMA_OF = new Map<unknown, TSchema>(
  ControlMessage.anyOf.map((schema: TSchema & { properties: { t: { const: string } } }) => [
    schema.properties.t.const,
    schema,
  ]),
);

/**
 * Each message's generated check tree, made on first use: were it made on loading, a message added to the
 * schemas would stop the generator itself (which loads this module) from writing its check.
 */
const CHECKS_OF = new Map<string, CheckTree>();
function checksOf(t: string, schema: TSchema): CheckTree {
  let checks = CHECKS_OF.get(t);
  if (!checks) {
    const make = CONTROL_CHECKS[t];
    if (!make) throw new Error(`no generated check for "${t}": run npm run generate:control-checks`);
    checks = make(schema);
    CHECKS_OF.set(t, checks);
  }
  return checks;
}

export class ControlMessageError extends Error {
  override name = 'ControlMessageError';
  constructor(
    why: string,
    /** The field of a list longer than its schema allows ('files': more files than a transfer may have). */
    readonly overLongList?: string,
  ) {
    super(`invalid control message: ${why}`);
  }
}

function fail(why: string, overLongList?: string): never {
  throw new ControlMessageError(why, overLongList);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keywords of a schema the steps below read (TypeBox keeps refinements under a hidden `~refine`). */
type SchemaParts = TSchema & {
  properties?: Record<string, TSchema>;
  items?: TSchema;
  required?: string[];
  maxItems?: number;
  '~refine'?: { check(value: unknown): boolean; error(value: unknown): string }[];
};

/**
 * What the check leaves to us, done first and led by the same schema (so by the schema's depth, never the
 * value's): list lengths before their entries (the check looks at every entry before `maxItems`, and a list of
 * millions froze a page for seconds), missing fields given their `default`, unknown fields dropped (a newer
 * peer may add some; nothing unchecked is kept, stored or passed on).
 */
function prepare(schema: TSchema, value: unknown, field: string): void {
  const s = schema as SchemaParts;
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems)
      fail(`too many ${field} (${value.length}; at most ${s.maxItems})`, field);
    if (s.items) for (const entry of value) prepare(s.items, entry, field);
  } else if (isPlainObject(value) && s.properties) {
    const known = Object.keys(s.properties);
    for (const key of Object.keys(value)) if (!known.includes(key)) delete value[key];
    for (const key of known) {
      const property = s.properties[key] as TSchema & { default?: unknown };
      if (value[key] === undefined && 'default' in property) value[key] = property.default;
      else prepare(property, value[key], key);
    }
  }
}

/**
 * Where a value its checks refuse first fails, and why: the first field or list entry (in the schema's order)
 * that fails, down to one whose own parts all pass ("/files/3/name: is not a safe relative path"). The keywords
 * it breaks are named from the schema, never the value: a peer's text is not repeated.
 */
function firstFailure(checks: CheckTree, schema: TSchema, value: unknown, path: string): string {
  const s = schema as SchemaParts;
  if (value === undefined) return `${path}: is missing`;
  if (checks.properties && s.properties && isPlainObject(value)) {
    for (const [key, property] of Object.entries(checks.properties)) {
      const optional = !s.required?.includes(key);
      if (!(optional && value[key] === undefined) && !property.check(value[key]))
        return firstFailure(property, s.properties[key] as TSchema, value[key], `${path}/${key}`);
    }
  }
  const items = checks.items;
  if (items && s.items && Array.isArray(value)) {
    const index = value.findIndex((entry) => !items.check(entry));
    if (index >= 0) return firstFailure(items, s.items, value[index], `${path}/${index}`);
  }
  const refinement = checks.unrefined?.(value) && s['~refine']?.find((r) => !r.check(value));
  if (refinement) return `${path}: ${refinement.error(value)}`;
  const keywords = JSON.stringify(s, (key, v) => (key === 'properties' || key === 'items' ? undefined : v));
  return `${path}: does not match ${keywords}`;
}

/**
 * Parse and validate one text message against its schema. Unknown fields are dropped; anything malformed
 * throws `ControlMessageError` (the engine then answers with an `error` message and stops).
 */
export function parseControlMessage(text: string): ControlMessage {
  if (typeof text !== 'string') fail('not text');
  if (text.length > MAX_CONTROL_MESSAGE_CHARS) fail('too long');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('not JSON');
  }
  if (!isPlainObject(value)) fail('not an object');
  const t = value.t;
  const schema = SCHEMA_OF.get(t);
  if (!schema) fail(`unknown type ${typeof t === 'string' ? JSON.stringify(t.slice(0, 40)) : typeof t}`);
  prepare(schema, value, t as string);
  const checks = checksOf(t as string, schema);
  if (!checks.check(value)) fail(`${t}${firstFailure(checks, schema, value, '')}`);
  return value as ControlMessage;
}

/** Highest version both peers speak, or null when they share none. */
export function negotiateVersion(mine: readonly number[], theirs: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of mine) if (theirs.includes(v) && (best === null || v > best)) best = v;
  return best;
}
