/**
 * Dedicated worker, one per page (`PageWorker`): reads the files a page sends and hashes them as it reads, so the
 * page's main thread only frames the blocks it is handed and gives them to the channel. On a phone the main thread is the scarce one: it also runs
 * the page, WebRTC's callbacks and the data channel's sends. Bundle this file on its own and pass its URL as
 * the sender's `readWorkerUrl`.
 */
import { queuedReading, type ReadStep, type SendReading } from './file-reading.ts';
import { HashContexts } from './hashing.ts';
import type { ReadRequest } from './read-messages.ts';
import type { WorkerAnswer } from './worker-client.ts';

const scope = self as unknown as {
  postMessage(m: WorkerAnswer, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ReadRequest>) => void) | null;
};

const hash = HashContexts.create();
/** Open readings, by the page's key. */
const readings = new Map<number, SendReading>();

async function answer(id: number, work: () => Promise<ReadStep | undefined>): Promise<void> {
  try {
    const value = await work();
    // A block goes to the page by transfer, not by copy.
    scope.postMessage({ id, ok: true, value }, value && 'block' in value ? [value.block.bytes.buffer] : []);
  } catch (e) {
    scope.postMessage({ id, ok: false, code: 'read', message: String((e as Error)?.message ?? e) });
  }
}

scope.onmessage = ({ data: m }) => {
  switch (m.op) {
    case 'probe':
      void answer(m.id, async () => {
        await hash;
        return undefined;
      });
      return;
    case 'open':
      readings.set(m.reading, queuedReading(hash, m.reading, m.plan));
      return;
    case 'read': {
      const reading = readings.get(m.reading);
      void answer(m.id, () => (reading ? reading.read() : Promise.reject(new Error('no such reading'))));
      return;
    }
    case 'close':
      readings.get(m.reading)?.close();
      readings.delete(m.reading);
      return;
  }
};
