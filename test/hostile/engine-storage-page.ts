/** Browser side of engine-storage.test.ts: OPFS stores driven directly, as several guests' receivers would. */
import { clearOpfsTransfers, OpfsStorage, pickStorage, type ReceiveStorage } from '../../src/client/engine/index.ts';
import type { ManifestFile } from '../../src/shared/transfer-protocol.ts';

const workerUrl = new URL('./opfs-worker.js', location.href);
const files = (n: number): ManifestFile[] =>
  Array.from({ length: n }, (_, index) => ({
    index,
    name: `folder/file-${index}.txt`,
    size: 1,
    type: '',
    lastModified: 0,
  }));

async function metaFile(transferId: string, name: string): Promise<File> {
  const root = await navigator.storage.getDirectory();
  const dir = await (await root.getDirectoryHandle('phuppi-transfers')).getDirectoryHandle(transferId);
  return (await dir.getFileHandle(name)).getFile();
}

const storageProbe = {
  /** `n` stores picked at the same moment (guests connecting together): their kinds. */
  async pickMany(n: number): Promise<string[]> {
    await clearOpfsTransfers();
    const stores = await Promise.all(Array.from({ length: n }, () => pickStorage({ opfsWorkerUrl: workerUrl })));
    const kinds = stores.map((s: ReceiveStorage) => s.kind);
    await Promise.all(stores.map((s) => s.close().catch(() => {})));
    return kinds;
  },

  /** Verify `n` one-byte files of one transfer: meta.json before/after, and what a fresh worker finds. */
  async markMany(
    n: number,
  ): Promise<{ metaBefore: number; metaAfter: number; metaSize: number; reopenedDone: number }> {
    await clearOpfsTransfers();
    const id = `marks${n}`;
    const list = files(n);
    const s = await OpfsStorage.create(workerUrl);
    await s.open(id, list);
    const before = await metaFile(id, 'meta.json');
    for (const f of list) {
      s.append(f.index, new Uint8Array([65]).buffer, 0, 1);
      const sha = await s.finish(f.index);
      await s.markDone(f.index, sha);
    }
    const after = await metaFile(id, 'meta.json');
    await s.close();
    const again = await OpfsStorage.create(workerUrl);
    const states = await again.open(id, list);
    await again.close();
    return {
      metaBefore: before.lastModified,
      metaAfter: after.lastModified,
      metaSize: after.size - before.size,
      reopenedDone: states.filter((x) => x.done).length,
    };
  },

  /**
   * `n` stores receiving at once, each file 0 of its own transfer with its own bytes: how many workers the page
   * started and ended meanwhile, and each store's digest with the one the bytes have.
   */
  async shareOneWorker(n: number): Promise<{ started: number; ended: number; digests: [string, string][] }> {
    await clearOpfsTransfers();
    const counts = { started: 0, ended: 0 };
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        counts.started++;
      }
      override terminate(): void {
        counts.ended++;
        super.terminate();
      }
    };
    try {
      const stores = await Promise.all(Array.from({ length: n }, () => OpfsStorage.create(workerUrl)));
      const digests = await Promise.all(
        stores.map(async (s, i) => {
          const bytes = new TextEncoder().encode(`store ${i} `.repeat(1000 + i));
          await s.open(`shared${i}`, [
            { index: 0, name: 'same-name.txt', size: bytes.byteLength, type: '', lastModified: 0 },
          ]);
          s.append(0, bytes.slice().buffer, 0, bytes.byteLength);
          const got = await s.finish(0);
          const want = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
            .map((b) => b.toString(16).padStart(2, '0'))
            .join('');
          return [got, want] as [string, string];
        }),
      );
      await Promise.all(stores.map((s) => s.close()));
      return { ...counts, digests };
    } finally {
      window.Worker = PageWorker;
    }
  },
};

(window as unknown as { storageProbe: typeof storageProbe }).storageProbe = storageProbe;
(window as unknown as { __harnessReady: boolean }).__harnessReady = true;
