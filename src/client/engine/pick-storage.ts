/** Choose the best receiver storage this browser offers: OPFS (worker + sync access handles),
 * else a folder the user picked (File System Access API), else memory. Whatever is chosen, the receiver
 * applies the same room rule to it (`ReceiveStorage.room`): memory is no way around a size limit. */

import { MemoryStorage, type ReceiveStorage } from './storage.ts';
import { FsaStorage } from './storage-fsa.ts';
import { OpfsStorage } from './storage-opfs.ts';

export interface PickStorageOptions {
  /** URL of the bundled `opfs-worker.ts`. Default: `opfs-worker.js` next to the calling bundle. */
  opfsWorkerUrl?: string | URL;
  /** A folder the user chose with `showDirectoryPicker()` (used when OPFS is not available). */
  directory?: FileSystemDirectoryHandle;
  /** Tests/benchmarks: force a kind. */
  force?: 'opfs' | 'fsa' | 'memory';
}

/** OPFS is tried this often before falling back: a worker can be slow to start while many start at once. */
const OPFS_TRIES = 2;

export async function pickStorage(opts: PickStorageOptions = {}): Promise<ReceiveStorage> {
  if (opts.force === 'memory') return new MemoryStorage();
  if (opts.force !== 'fsa' && OpfsStorage.isAvailable()) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await OpfsStorage.create(opts.opfsWorkerUrl ?? new URL('./opfs-worker.js', import.meta.url));
      } catch (e) {
        if (attempt < OPFS_TRIES) continue;
        if (opts.force === 'opfs') throw e;
        console.warn('OPFS storage unavailable, falling back:', e);
        break;
      }
    }
  }
  if (opts.directory) return new FsaStorage(opts.directory);
  return new MemoryStorage();
}
