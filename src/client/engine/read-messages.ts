/** Messages between the sender's `ReadSource` (page) and `read-worker.ts`. */
import type { ReadPlan } from './file-reading.ts';

export type ReadRequest =
  /** Answered when the worker runs (its hasher is ready). */
  | { op: 'probe'; id: number }
  /** Starts reading `reading` (a key from the page); no answer. */
  | { op: 'open'; reading: number; plan: ReadPlan }
  /** The next step of `reading`, a `ReadStep` (its block's buffer transferred). */
  | { op: 'read'; id: number; reading: number }
  | { op: 'close'; reading: number };
