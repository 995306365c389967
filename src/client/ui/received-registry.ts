/**
 * Remembers (in localStorage) which stored transfer belongs to which guest of which session, so a
 * reload of the waiting page can re-open files already received into OPFS, and old transfers can be
 * cleaned up.
 */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';

export interface RegistryEntry {
  token: string;
  guestId: number;
  transferId: string;
  files: ManifestFile[];
  storage: string;
  savedAt: number;
}

const KEY = 'phuppi.receive.transfers';
const MAX_AGE_MS = 8 * 24 * 3600 * 1000;

function load(): Record<string, RegistryEntry> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, RegistryEntry>;
  } catch {
    return {};
  }
}

function store(all: Record<string, RegistryEntry>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    /* private mode or full: resume after reload just starts over */
  }
}

export function remember(entry: Omit<RegistryEntry, 'savedAt'>): void {
  const all = load();
  all[`${entry.token}:${entry.guestId}`] = { ...entry, savedAt: Date.now() };
  store(all);
}

export function lookup(token: string, guestId: number): RegistryEntry | null {
  return load()[`${token}:${guestId}`] ?? null;
}

/** Forget the stored transfers of a session (or of some of its guests); answers their transfer ids. */
export function forgetSession(token: string, guestIds?: ReadonlySet<number>): string[] {
  const all = load();
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (v.token === token && (!guestIds || guestIds.has(v.guestId))) {
      dropped.push(v.transferId);
      delete all[k];
    }
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
