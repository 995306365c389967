import type { Static } from 'typebox';
import * as Type from 'typebox/type';
import { IceConfigResponse } from './common.ts';
import { PeerId, Ticket } from './p2p.ts';

/** Owner: ask for a new peer id, or (after a drop or a server restart) a fresh token for the one the page has. */
export const OwnerCredentialRequest = Type.Union([Type.Object({ peerId: Type.Optional(PeerId) }), Type.Null()]);
/** Guest: the same, proving the right with the session's ticket. */
export const GuestCredentialRequest = Type.Object({ ticket: Ticket, peerId: Type.Optional(PeerId) });

/** What a page needs to register with /peerjs: its id, a short-lived token for it, and its ICE servers (TURN included). */
export const SignalingCredential = Type.Object({
  peerId: Type.String(),
  token: Type.String(),
  /** Unix seconds after which `token` no longer opens a socket (open sockets stay open). */
  expiresAt: Type.Integer(),
  iceServers: IceConfigResponse.properties.iceServers,
});
export type SignalingCredential = Static<typeof SignalingCredential>;
