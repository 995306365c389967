import type { Static } from 'typebox';
import * as Type from 'typebox/type';
import { MAX_FILES } from '../transfer-limits.ts';

/** Wire schemas of the session endpoints (docs/api.md, docs/openapi.json), shared by the server and the pages. */

export const TOKEN_LENGTH = 64;
export const SHORTCODE_LENGTH = 12;
export const MIN_EXPIRES_IN = 300;
export const MAX_EXPIRES_IN = 604800;
export const MAX_LABEL_LENGTH = 200;
export const MAX_FILE_NAME_BYTES = 255;

export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) });
export const ShortcodeParams = Type.Object({ shortcode: Type.String({ minLength: 1, maxLength: 64 }) });

/** Largest per-guest size limit an owner may choose (1 TiB): beyond it, "no limit" says the same. */
export const MAX_GUEST_BYTES_LIMIT = 1024 ** 4;

/** What one guest may send into the owner's browser in a receive session; null: no limit of that kind. */
export const GuestLimits = Type.Object({
  maxFiles: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_FILES }), Type.Null()]),
  maxTotalBytes: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_GUEST_BYTES_LIMIT }), Type.Null()]),
});
export type GuestLimits = Static<typeof GuestLimits>;

export const CreateReceiveRequest = Type.Object({
  expiresIn: Type.Optional(Type.Integer({ minimum: MIN_EXPIRES_IN, maximum: MAX_EXPIRES_IN })),
  label: Type.Optional(Type.Union([Type.String({ maxLength: MAX_LABEL_LENGTH }), Type.Null()])),
  /** Each guest may send at most this many files (optional). */
  maxFiles: Type.Optional(GuestLimits.properties.maxFiles),
  /** Each guest may send at most this many bytes in all (optional). */
  maxTotalBytes: Type.Optional(GuestLimits.properties.maxTotalBytes),
});
export type CreateReceiveRequest = Static<typeof CreateReceiveRequest>;

export const CreateSessionResponse = Type.Object({
  token: Type.String(),
  shortcode: Type.String(),
  pin: Type.String(),
  url: Type.String(),
  expiresAt: Type.String(),
});
export type CreateSessionResponse = Static<typeof CreateSessionResponse>;

/** What anyone holding the link may see, in both directions: never the PIN, never a peer id. */
const PublicSessionFields = {
  token: Type.String(),
  shortcode: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  isActive: Type.Boolean(),
  isExpired: Type.Boolean(),
  isLocked: Type.Boolean(),
};
export type PublicSessionBase = Static<Type.TObject<typeof PublicSessionFields>>;

export const PublicSessionResponse = Type.Object({
  ...PublicSessionFields,
  label: Type.Union([Type.String(), Type.Null()]),
  receiverName: Type.String(),
});
export type PublicSessionResponse = Static<typeof PublicSessionResponse>;

/** A file a user offers in a forward share, as the guest sees it before downloading. */
export const OfferedFile = Type.Object({
  name: Type.String(),
  size: Type.Integer(),
  type: Type.String(),
});
export type OfferedFile = Static<typeof OfferedFile>;

export const CreateShareRequest = Type.Object({
  files: Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 4096 }),
      size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
      type: Type.Optional(Type.String({ maxLength: 255 })),
    }),
    { minItems: 1, maxItems: MAX_FILES },
  ),
  expiresIn: Type.Optional(Type.Integer({ minimum: MIN_EXPIRES_IN, maximum: MAX_EXPIRES_IN })),
});
export type CreateShareRequest = Static<typeof CreateShareRequest>;

export const PublicShareResponse = Type.Object({
  ...PublicSessionFields,
  senderName: Type.String(),
  files: Type.Array(OfferedFile),
});
export type PublicShareResponse = Static<typeof PublicShareResponse>;

export const VerifyPinRequest = Type.Object({ pin: Type.String({ minLength: 1, maxLength: 8 }) });
export type VerifyPinRequest = Static<typeof VerifyPinRequest>;

export const VerifyPinResponse = Type.Object({
  valid: Type.Boolean(),
  attemptsRemaining: Type.Integer(),
  locked: Type.Boolean(),
  ticket: Type.Optional(Type.String()),
  lockedUntil: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type VerifyPinResponse = Static<typeof VerifyPinResponse>;

export const Ticket = Type.String({ minLength: 16, maxLength: 128 });
export const PeerId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const ConnectRequest = Type.Object({ peerjs_id: PeerId, ticket: Ticket });
export type ConnectRequest = Static<typeof ConnectRequest>;

export const ConnectResponse = Type.Object({ ok: Type.Boolean(), guestId: Type.Integer() });
export type ConnectResponse = Static<typeof ConnectResponse>;

export const FileMetadataInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 4096 }),
  size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  type: Type.Optional(Type.String({ maxLength: 255 })),
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
});
export type FileMetadataInput = Static<typeof FileMetadataInput>;

export const CompleteRequest = Type.Object({
  ticket: Ticket,
  files: Type.Array(FileMetadataInput, { maxItems: MAX_FILES }),
});
export type CompleteRequest = Static<typeof CompleteRequest>;

export const ReceivedFile = Type.Object({
  name: Type.String(),
  size: Type.Integer(),
  type: Type.String(),
  sha256: Type.Union([Type.String(), Type.Null()]),
  guestId: Type.Integer(),
  receivedAt: Type.String(),
});
export type ReceivedFile = Static<typeof ReceivedFile>;

export const CompleteResponse = Type.Object({ ok: Type.Boolean(), files: Type.Array(ReceivedFile) });

/** Why a ticket was taken back: a new PIN, the owner removed the guest, or a list of files over the limits. */
export const RevokeReason = Type.Union([
  Type.Literal('pin-reset'),
  Type.Literal('removed'),
  Type.Literal('over-limit'),
]);
export type RevokeReason = Static<typeof RevokeReason>;

/** `POST …/:token/ticket-status`: a guest's page asks whether its ticket still holds (403 TICKET_REVOKED when not). */
export const TicketStatusRequest = Type.Object({ ticket: Ticket });
export const TicketStatusResponse = Type.Object({ ok: Type.Boolean(), guestId: Type.Integer() });

export const GuestParams = Type.Object({
  token: TokenParams.properties.token,
  guestId: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
});
export const RemoveGuestRequest = Type.Object({
  reason: Type.Optional(Type.Union([Type.Literal('removed'), Type.Literal('over-limit')])),
});

export const GuestState = Type.Union([Type.Literal('verified'), Type.Literal('connecting'), Type.Literal('done')]);
export type GuestState = Static<typeof GuestState>;

/** One guest (one correct PIN entry) as the owner sees it; peerId only in owner answers. */
export const GuestView = Type.Object({
  id: Type.Integer(),
  state: GuestState,
  peerId: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.String(),
  verifiedAt: Type.String(),
  connectedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  /** Set once the ticket was taken back: nothing more is dialed for this guest. */
  revokedReason: Type.Union([RevokeReason, Type.Null()]),
  files: Type.Array(ReceivedFile),
});
export type GuestView = Static<typeof GuestView>;

export const SessionStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
  Type.Literal('locked'),
]);
export type SessionStatus = Static<typeof SessionStatus>;

export const OwnerSessionView = Type.Object({
  token: Type.String(),
  shortcode: Type.String(),
  url: Type.String(),
  pin: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  status: SessionStatus,
  createdAt: Type.String(),
  expiresAt: Type.String(),
  isActive: Type.Boolean(),
  isExpired: Type.Boolean(),
  isLocked: Type.Boolean(),
  pinFailures: Type.Integer(),
  guests: Type.Array(GuestView),
  /** Receive sessions: what guests sent. Shares: what recipients reported as downloaded. */
  files: Type.Array(ReceivedFile),
  /** Shares only: the files on offer (empty for receive sessions). */
  offered: Type.Array(OfferedFile),
  /** Receive sessions: what one guest may send (null: no limit). */
  limits: GuestLimits,
});
export type OwnerSessionView = Static<typeof OwnerSessionView>;

export const OwnerSessionList = Type.Object({ sessions: Type.Array(OwnerSessionView) });
export type OwnerSessionList = Static<typeof OwnerSessionList>;

export const ResetPinResponse = Type.Object({ pin: Type.String() });

/**
 * Owner event stream (SSE, `event: <type>`, `data: <json>`):
 * - `snapshot`: the whole OwnerSessionView, first on every (re)connect;
 * - `guest-verified` {guest}; `guest-connected` {guest} (its peerId is what the owner's browser dials);
 * - `guest-completed` {guest, files}; `session-ended` {reason: 'cancelled' | 'expired'};
 * - `guest-revoked` {guestIds, reason}: those tickets no longer hold; the page closes their connections.
 */
export type OwnerEvent =
  | { type: 'snapshot'; session: OwnerSessionView }
  | { type: 'guest-verified'; guest: GuestView }
  | { type: 'guest-connected'; guest: GuestView }
  | { type: 'guest-completed'; guest: GuestView; files: ReceivedFile[] }
  | { type: 'guest-revoked'; guestIds: number[]; reason: RevokeReason }
  | { type: 'session-ended'; reason: 'cancelled' | 'expired' };
