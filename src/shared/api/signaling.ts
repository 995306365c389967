import type { Static } from 'typebox';
import * as Type from 'typebox/type';
import { IceConfigResponse } from './common.ts';
import { PeerId, Ticket } from './p2p.ts';

/** Owner: ask for a new peer id, or (after a drop or a server restart) a fresh token for the one the page has. */
export const OwnerCredentialRequest = Type.Union([Type.Object({ peerId: Type.Optional(PeerId) }), Type.Null()]);
/** Guest: the same, proving the right with the session's ticket. */
export const GuestCredentialRequest = Type.Object({ ticket: Ticket, peerId: Type.Optional(PeerId) });

/**
 * Whether browsers may connect directly ('all') or only through the TURN relay ('relay': guests and owners
 * never learn each other's addresses), as the operator set PHUPPI_ICE_TRANSPORT_POLICY.
 */
export const IceTransportPolicy = Type.Union([Type.Literal('all'), Type.Literal('relay')], {
  description:
    "The page's RTCPeerConnection iceTransportPolicy: `relay` means through the TURN relay only (PHUPPI_ICE_TRANSPORT_POLICY).",
});
export type IceTransportPolicy = Static<typeof IceTransportPolicy>;

/** What a page needs to register with /peerjs: its id, a short-lived token for it, and its ICE servers (TURN included) and policy. */
export const SignalingCredential = Type.Object({
  peerId: Type.String(),
  token: Type.String(),
  /** Unix seconds after which `token` no longer opens a socket (open sockets stay open). */
  expiresAt: Type.Integer(),
  iceServers: IceConfigResponse.properties.iceServers,
  iceTransportPolicy: IceTransportPolicy,
});
export type SignalingCredential = Static<typeof SignalingCredential>;
