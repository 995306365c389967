import type { FastifyBaseLogger } from 'fastify';

export const CLEANUP_INTERVAL_MS = 60_000;

/** Runs `task` now and then every interval, never two at once, logging (not throwing) failures. */
export function schedulePeriodic(task: () => Promise<unknown>, log: FastifyBaseLogger, intervalMs = CLEANUP_INTERVAL_MS): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } catch (error) {
      log.error({ err: error }, 'periodic clean-up failed');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
