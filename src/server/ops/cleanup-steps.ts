import type { FastifyBaseLogger } from 'fastify';

export const CLEANUP_INTERVAL_MS = 60_000;

/**
 * Runs every step, each on its own: one that fails does not stop the others. Failures are logged when `log`
 * is given; otherwise the first is thrown after all steps ran.
 */
export async function runSteps(steps: Record<string, () => Promise<unknown>>, log?: FastifyBaseLogger): Promise<void> {
  let first: unknown = null;
  for (const [name, step] of Object.entries(steps)) {
    try {
      await step();
    } catch (error) {
      if (log) log.error({ err: error, step: name }, `clean-up step failed: ${name}`);
      else first ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  if (first) throw first;
}

/** Runs `task` now and then every interval, never two at once, logging (not throwing) failures. */
export function schedulePeriodic(
  task: () => Promise<unknown>,
  log: FastifyBaseLogger,
  intervalMs = CLEANUP_INTERVAL_MS,
): () => void {
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
