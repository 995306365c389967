/** Messages between `OpfsStorage` (page) and `opfs-worker.ts`. */
import type { ManifestFile } from '../../shared/transfer-protocol.ts';

/** Every request names its store: the `OpfsStorage` it comes from (a key of the page's worker). */
export type OpfsRequest = { store: number } & (
  | { op: 'open'; id: number; transferId: string; files: ManifestFile[] }
  | { op: 'append'; index: number; buf: ArrayBuffer; off: number; len: number }
  | { op: 'finish'; id: number; index: number }
  | { op: 'markDone'; id: number; index: number; sha256: string }
  | { op: 'reset'; id: number; index: number }
  | { op: 'discard'; id: number; index: number }
  | { op: 'flush'; id: number }
  | { op: 'close'; id: number }
  | { op: 'remove'; id: number }
  | { op: 'probe'; id: number }
);

/** What the worker tells a store unasked (calls are answered with a `WorkerAnswer`). */
export type OpfsEvent =
  | { to: number; ev: 'written'; index: number; bytes: number }
  | { to: number; ev: 'error'; code: 'storage-full' | 'storage'; message: string; index: number };

/** Top folder in the origin private file system; one sub-folder per transfer id. */
export const OPFS_ROOT = 'phuppi-transfers';
export const dataFileName = (index: number): string => `f${index}`;
export const META_FILE = 'meta.json';
/** Lines appended as files are verified since meta.json was last written (see opfs-worker.ts). */
export const DONE_LOG_FILE = 'done.log';
