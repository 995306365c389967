import type { Page } from 'playwright-core';

/**
 * An init script for a sending page whose disk is slow (a phone's storage): each 4 MiB it reads, by slice or by
 * stream, waits `window.__diskDelayMs` (700 ms: about 5 MiB/s), which `setDiskDelay` changes. A transfer then
 * outlasts an outage however fast this machine's WebRTC is.
 */
export const SLOW_DISK = `(() => {
  window.__diskDelayMs = 700;
  const read = Blob.prototype.arrayBuffer;
  Blob.prototype.arrayBuffer = function () {
    const result = read.call(this);
    return this.size >= 1024 * 1024 ? new Promise((r) => setTimeout(r, window.__diskDelayMs)).then(() => result) : result;
  };
  const stream = Blob.prototype.stream;
  Blob.prototype.stream = function () {
    const source = stream.call(this);
    if (this.size < 1024 * 1024) return source;
    return source.pipeThrough(new TransformStream({
      transform: (chunk, controller) =>
        new Promise((r) => setTimeout(r, (chunk.byteLength / (4 * 1024 * 1024)) * window.__diskDelayMs)).then(() => controller.enqueue(chunk)),
    }));
  };
})();`;

export const setDiskDelay = (page: Page, ms: number) =>
  page.evaluate((delay) => {
    (window as unknown as { __diskDelayMs: number }).__diskDelayMs = delay;
  }, ms);
