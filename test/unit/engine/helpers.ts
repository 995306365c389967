import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { TransferError } from '../../../src/client/engine/errors.ts';
import type { Receiver } from '../../../src/client/engine/receiver.ts';

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function makeFile(name: string, size: number): { file: File; bytes: Uint8Array } {
  const bytes = new Uint8Array(randomBytes(size));
  return {
    file: new File([bytes], name, { type: 'application/octet-stream', lastModified: 1_700_000_000_000 }),
    bytes,
  };
}

export async function receivedBytes(rx: Receiver, index: number): Promise<Uint8Array> {
  const f = await rx.getReceivedFile(index);
  return new Uint8Array(await f.arrayBuffer());
}

export function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - start > timeoutMs) {
        clearInterval(t);
        reject(new Error('waitFor timed out'));
      }
    }, 2);
  });
}

/** `rx.done`'s error, or a failure when it does not end within `ms` (a transfer that never ends is the bug). */
export async function failure(rx: Receiver, ms = 5000): Promise<TransferError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    rx.done.then(
      () => new Error('the transfer succeeded'),
      (e: TransferError) => e,
    ),
    new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(`still running after ${ms} ms`)), ms))),
  ]);
  clearTimeout(timer);
  if (!('code' in outcome)) assert.fail(outcome.message);
  return outcome as TransferError;
}
