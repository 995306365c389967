import type { SessionKind } from '../db/schema.ts';

/**
 * What the session use cases report for the operator's metrics. Counts only: never a token, PIN, address
 * or file name.
 */
export interface SessionObserver {
  /** A wrong PIN; `lock` names the lock it engaged, if any. */
  pinFailed(kind: SessionKind, lock: 'address' | 'session' | null): void;
  guestAdmitted(kind: SessionKind): void;
  /** A guest reported files done (`bytes`: the sizes it reported, added up). */
  filesCompleted(kind: SessionKind, files: number, bytes: number): void;
}

export const IGNORE_SESSIONS: SessionObserver = { pinFailed() {}, guestAdmitted() {}, filesCompleted() {} };
