import type { PublicSessionBase, PublicSessionResponse, PublicShareResponse } from '../../shared/api/p2p.ts';
import type { SessionKind } from '../db/schema.ts';
import type { Session } from './session-repository.ts';

/** What differs between receive sessions and shares; everything else is the same code for both. */
export interface SessionKindRules<TPublic extends PublicSessionBase> {
  kind: SessionKind;
  /** Where its API lives: every endpoint of the kind is under it. */
  apiPrefix: string;
  /** The guest page of a shortcode, e.g. /p2p/receive/abc or /p2p/abc. */
  guestPath(shortcode: string): string;
  /** What a guest sees of the session besides what both kinds show (receive: label + receiver; share: sender + files). */
  publicFields(session: Session, ownerName: string): Omit<TPublic, keyof PublicSessionBase>;
  /** Whether guests' reports (`complete`) are kept on the session and count against its files cap. */
  recordsCompletions: boolean;
}

/** Receive session: the owner receives, guests send. */
export const RECEIVE_SESSION: SessionKindRules<PublicSessionResponse> = {
  kind: 'receive',
  apiPrefix: '/api/p2p/receive',
  guestPath: (shortcode) => `/p2p/receive/${shortcode}`,
  publicFields: (session, ownerName) => ({ label: session.label, receiverName: ownerName }),
  recordsCompletions: true,
};

/** Share: the owner sends, guests download; a guest's report says what it downloaded. */
export const SHARE: SessionKindRules<PublicShareResponse> = {
  kind: 'share',
  apiPrefix: '/api/p2p',
  guestPath: (shortcode) => `/p2p/${shortcode}`,
  publicFields: (session, ownerName) => ({ senderName: ownerName, files: session.offered }),
  recordsCompletions: false,
};
