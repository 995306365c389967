/**
 * The registry of transfers stored in this browser (src/client/ui/stored-transfers.ts): each entry says what it
 * holds (a guest's files received, the owner's copy of a share, a guest's download), so forgetting one guest's
 * files leaves the share's copy alone, and housekeeping keeps every transfer still wanted.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';

/** The browser's localStorage, as far as the registry uses it. */
class MemoryStorage {
  #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  clear(): void {
    this.#items.clear();
  }
}
const storage = new MemoryStorage();
Object.assign(globalThis, { localStorage: storage });

const { forgetSession, liveTransferIds, lookup, remember } = await import('../../../src/client/ui/stored-transfers.ts');

const entry = (token: string, holder: Parameters<typeof lookup>[1], transferId: string) => ({
  token,
  holder,
  transferId,
  files: [],
  storage: 'opfs',
});

describe('stored transfers', () => {
  beforeEach(() => storage.clear());

  test("a guest's files, the share's copy and a download of one token are three entries", () => {
    remember(entry('t', { kind: 'received', guestId: 1 }, 'rx-1'));
    remember(entry('t', { kind: 'share-copy' }, 'copy'));
    remember(entry('t', { kind: 'download' }, 'dl'));
    assert.equal(lookup('t', { kind: 'received', guestId: 1 })?.transferId, 'rx-1');
    assert.equal(lookup('t', { kind: 'share-copy' })?.transferId, 'copy');
    assert.equal(lookup('t', { kind: 'download' })?.transferId, 'dl');
    assert.equal(lookup('t', { kind: 'received', guestId: 2 }), null);
    assert.deepEqual(liveTransferIds().sort(), ['copy', 'dl', 'rx-1']);
  });

  test("forgetting some guests' files leaves the other guests, the copy and other sessions alone", () => {
    remember(entry('t', { kind: 'received', guestId: 1 }, 'rx-1'));
    remember(entry('t', { kind: 'received', guestId: 2 }, 'rx-2'));
    remember(entry('t', { kind: 'share-copy' }, 'copy'));
    remember(entry('u', { kind: 'received', guestId: 1 }, 'other'));
    assert.deepEqual(forgetSession('t', new Set([1])), ['rx-1']);
    assert.deepEqual(liveTransferIds().sort(), ['copy', 'other', 'rx-2']);
    assert.deepEqual(forgetSession('t').sort(), ['copy', 'rx-2']);
    assert.deepEqual(liveTransferIds(), ['other']);
  });

  test('entries older than any session are dropped by housekeeping', () => {
    remember(entry('t', { kind: 'download' }, 'old'));
    const all = JSON.parse(storage.getItem('phuppi.receive.transfers') ?? '{}');
    for (const value of Object.values(all) as { savedAt: number }[]) value.savedAt = Date.now() - 9 * 24 * 3600 * 1000;
    storage.setItem('phuppi.receive.transfers', JSON.stringify(all));
    assert.deepEqual(liveTransferIds(), []);
  });
});
