/**
 * Where the sender's files are read and hashed: in the page's read worker (`read-worker.ts`), so the main thread
 * only frames what it is handed, or in the calling thread where no worker runs (Node, or a worker that did not start).
 */
import { queuedReading, type ReadPlan, type ReadStep, type SendReading } from './file-reading.ts';
import { HashContexts } from './hashing.ts';
import type { ReadRequest } from './read-messages.ts';
import { PageWorker } from './worker-client.ts';

export interface ReadSource {
  readonly inWorker: boolean;
  open(plan: ReadPlan): SendReading;
  /** The sender is done with it. */
  release(): void;
}

/** A read worker that has not answered its probe in this long is given up for reading here. */
const WORKER_START_MS = 5000;

/** The read worker at `workerUrl` once it answers; without a URL, or when it fails to start, this thread. */
export async function openReadSource(workerUrl?: string | URL): Promise<ReadSource> {
  if (workerUrl === undefined || typeof Worker === 'undefined') return localReadSource();
  let worker: PageWorker | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    worker = PageWorker.acquire(workerUrl, 'phuppi-read');
    await Promise.race([
      worker.call<undefined, ReadRequest>({ op: 'probe' }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('the read worker did not answer')), WORKER_START_MS);
      }),
    ]);
    return workerReadSource(worker);
  } catch (e) {
    worker?.release();
    console.warn('Reading files on the page: the read worker is unavailable:', e);
    return localReadSource();
  } finally {
    clearTimeout(timer);
  }
}

function workerReadSource(worker: PageWorker): ReadSource {
  return {
    inWorker: true,
    open(plan) {
      const reading = worker.newKey();
      worker.post({ op: 'open', reading, plan } satisfies ReadRequest);
      return {
        read: () => worker.call<ReadStep, ReadRequest>({ op: 'read', reading }),
        close: () => worker.post({ op: 'close', reading } satisfies ReadRequest),
      };
    },
    release: () => worker.release(),
  };
}

function localReadSource(): ReadSource {
  const hash = HashContexts.create();
  let keys = 0;
  return { inWorker: false, open: (plan) => queuedReading(hash, ++keys, plan), release() {} };
}
