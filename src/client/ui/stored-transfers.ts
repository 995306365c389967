/**
 * Remembers (in localStorage) which transfer stored in this browser (OPFS) belongs to what, so a reload can
 * re-open it and other pages' housekeeping keeps it while it is wanted and deletes the rest. A stored
 * transfer holds one of three things: the files one guest sent into a receive session, the owner's copy of
 * a share's files, or what a guest downloads from a share.
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';

/** What a stored transfer holds, within its session. */
export type StoredHolder = { kind: 'received'; guestId: number } | { kind: 'share-copy' } | { kind: 'download' };

export interface StoredTransfer {
  token: string;
  holder: StoredHolder;
  transferId: string;
  files: ManifestFile[];
  storage: string;
  savedAt: number;
}

/** The localStorage key: unchanged since the registry held only received files. */
const KEY = 'phuppi.receive.transfers';
/** Longer than any session lives. */
const MAX_AGE_MS = 8 * 24 * 3600 * 1000;

function keyOf(token: string, holder: StoredHolder): string {
  return holder.kind === 'received' ? `${token}:guest-${holder.guestId}` : `${token}:${holder.kind}`;
}

function load(): Record<string, StoredTransfer> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, StoredTransfer>;
  } catch {
    return {};
  }
}

function store(all: Record<string, StoredTransfer>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    /* private mode or full: resume after reload just starts over */
  }
}

export function remember(entry: Omit<StoredTransfer, 'savedAt'>): void {
  const all = load();
  all[keyOf(entry.token, entry.holder)] = { ...entry, savedAt: Date.now() };
  store(all);
}

export function lookup(token: string, holder: StoredHolder): StoredTransfer | null {
  return load()[keyOf(token, holder)] ?? null;
}

/** Forget the stored transfers of a session (or only the files of some of its guests); answers their ids. */
export function forgetSession(token: string, guestIds?: ReadonlySet<number>): string[] {
  const all = load();
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (v.token !== token) continue;
    if (guestIds && !(v.holder?.kind === 'received' && guestIds.has(v.holder.guestId))) continue;
    dropped.push(v.transferId);
    delete all[k];
  }
  store(all);
  return dropped;
}

/** Transfer ids still worth keeping (younger than the longest session lifetime). */
export function liveTransferIds(): string[] {
  const all = load();
  const now = Date.now();
  let changed = false;
  for (const [k, v] of Object.entries(all)) {
    if (now - v.savedAt > MAX_AGE_MS) {
      delete all[k];
      changed = true;
    }
  }
  if (changed) store(all);
  return Object.values(all).map((v) => v.transferId);
}
