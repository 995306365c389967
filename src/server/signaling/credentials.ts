import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../crypto.ts';
import type { SessionKind } from '../db/schema.ts';

/** What a socket may register as: letters, digits, `-` and `_`, at most 64 (the width of `peerjs_id`). */
export const PEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** How long a signaling token opens the socket: enough to register, short enough that a leaked one is stale. */
export const TOKEN_TTL_SECONDS = 300;

/** Whom a peer id was issued to: an owner (by user id) or a guest (by session kind and guest row). */
export type PeerHolder = { owner: number } | { guest: { kind: SessionKind; id: number } };

/** Which kind of holder a token was issued to: an owner's socket needs the owner's login as well. */
export type HolderKind = 'owner' | 'guest';

function holderLabel(holder: PeerHolder): string {
  return 'owner' in holder ? `owner:${holder.owner}` : `guest:${holder.guest.kind}:${holder.guest.id}`;
}

/**
 * Issues and checks peer ids and signaling tokens, statelessly, with one server key.
 * - peer id `<nonce>-<mac>`: the MAC binds the nonce to its holder, so renewing the credential of an id, and
 *   a guest's `connect`, can prove the id was issued to that very owner or ticket;
 * - token `<expiry>.<o|g>.<mac(id, kind, expiry)>`: what PeerJS sends as `token` when it opens /peerjs; checked at
 *   the upgrade. The kind (owner or guest) tells the upgrade whether the socket must come with the owner's login.
 */
export class SignalingCredentials {
  constructor(private readonly secret: Buffer) {}

  #mac(...parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\0')).digest('hex').slice(0, 32);
  }

  issuePeerId(holder: PeerHolder): string {
    const nonce = randomBytes(12).toString('hex');
    return `${nonce}-${this.#mac('peer-id', holderLabel(holder), nonce)}`;
  }

  /** True when `peerId` was issued by this server to `holder`. */
  isIssuedTo(peerId: string, holder: PeerHolder): boolean {
    const [, nonce, mac] = /^([0-9a-f]{24})-([0-9a-f]{32})$/.exec(peerId) ?? [];
    return (
      nonce !== undefined &&
      mac !== undefined &&
      constantTimeEqual(mac, this.#mac('peer-id', holderLabel(holder), nonce))
    );
  }

  token(
    peerId: string,
    holder: PeerHolder,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): { token: string; expiresAt: number } {
    const expiresAt = nowSeconds + TOKEN_TTL_SECONDS;
    const letter = 'owner' in holder ? 'o' : 'g';
    return { token: `${expiresAt}.${letter}.${this.#mac('signal', peerId, letter, String(expiresAt))}`, expiresAt };
  }

  /** The kind of holder the token opens a socket for `peerId` for, or why it opens none. */
  checkToken(
    peerId: string,
    token: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): { holder: HolderKind } | { refused: 'malformed' | 'expired' | 'forged' } {
    const [, expiresAt, letter, mac] = /^(\d{1,12})\.([og])\.([0-9a-f]{32})$/.exec(token) ?? [];
    if (expiresAt === undefined || letter === undefined || mac === undefined) return { refused: 'malformed' };
    if (!constantTimeEqual(mac, this.#mac('signal', peerId, letter, expiresAt))) return { refused: 'forged' };
    if (Number(expiresAt) < nowSeconds) return { refused: 'expired' };
    return { holder: letter === 'o' ? 'owner' : 'guest' };
  }
}
