/**
 * How much a receiving page may still store, the same rule for every kind of store: a manifest whose
 * remaining bytes exceed the room is refused before a byte is written. Stores opened at the same moment
 * (several guests) each register what they were offered, so two of them cannot both count the same free space.
 */
import { formatBytes } from './progress.ts';
import type { StorageKind } from './storage.ts';

/**
 * The most all in-memory stores of one page may hold together. Memory is the last resort (no OPFS, no folder:
 * a plain-http page): past this the tab itself is in danger, whatever the guest claims to send.
 */
export const MEMORY_STORAGE_LIMIT_BYTES = 1024 * 1024 * 1024;

/** Bytes offered to each open store of one kind, by store. */
export class Claims {
  readonly #claims = new Map<object, number>();

  set(owner: object, bytes: number): void {
    this.#claims.set(owner, bytes);
  }

  delete(owner: object): void {
    this.#claims.delete(owner);
  }

  /** What the other stores of this page were offered. */
  othersThan(owner: object): number {
    let sum = 0;
    for (const [o, bytes] of this.#claims) if (o !== owner) sum += bytes;
    return sum;
  }
}

export const memoryClaims = new Claims();
export const opfsClaims = new Claims();

/** Free bytes of this origin's storage quota (null when the browser does not say). */
export async function originFreeBytes(): Promise<number | null> {
  try {
    const est = await navigator.storage.estimate();
    return typeof est.quota === 'number' && typeof est.usage === 'number' ? Math.max(0, est.quota - est.usage) : null;
  } catch {
    return null;
  }
}

const WHERE: Record<StorageKind, string> = {
  opfs: "in this browser's storage",
  fsa: 'in the chosen folder',
  memory: `in memory (this page cannot store files on disk here, so it holds them in memory, at most ${formatBytes(MEMORY_STORAGE_LIMIT_BYTES)} in all)`,
};

/** The words for a refused offer (both pages show them): how much was offered, and how much room there is where. */
export function noRoomMessage(kind: StorageKind, offered: number, room: number): string {
  return `These files need ${formatBytes(offered)} more, but the receiving device has room for only ${formatBytes(room)} ${WHERE[kind]}. Nothing more was stored.`;
}
