/**
 * The sender's optional background copy of a share's files into the origin private file system, so the
 * share survives a reload of the sender's page. It reuses the engine's OPFS store (the same worker that
 * receives files: sequential appends, hashing while writing) and the stored transfers' registry, so the
 * housekeeping of other pages keeps the copy while the share lives.
 */
import type { ManifestFile } from '../../../shared/transfer-protocol.ts';
import { blocksOf, clearOpfsTransfers, OpfsStorage, type SendInput, toManifest } from '../../engine/index.ts';
import { assetUrl } from '../page.ts';
import { forgetSession, liveTransferIds, lookup, remember, type StoredHolder } from '../stored-transfers.ts';

/** One file on offer: the relative path shown and sent, and its bytes. */
export interface OfferedBlob {
  path: string;
  file: File;
}

const COPY: StoredHolder = { kind: 'share-copy' };
const MAX_IN_FLIGHT = 16 * 1024 * 1024;

export function canKeepCopy(): boolean {
  return OpfsStorage.isAvailable();
}

/** The transfer id every recipient of a share gets: the same after a reload, so downloads resume. */
export function shareTransferId(token: string): string {
  return `share-${token.slice(0, 48)}`;
}

function copyId(token: string): string {
  return `copy-${token.slice(0, 48)}`;
}

/**
 * The engine's inputs: a file picked on its own goes as the File (the engine then treats any "/" in its
 * name as a character, and a folder pick by its webkitRelativePath); a dropped folder's file by its path.
 */
export function toSendInputs(files: readonly OfferedBlob[]): SendInput[] {
  return files.map((f) =>
    f.path === f.file.name
      ? f.file
      : { file: f.file, name: f.path, type: f.file.type, lastModified: f.file.lastModified },
  );
}

/** What the share offers, named exactly as the engine will name the files for every recipient. */
export function offeredFiles(files: readonly OfferedBlob[]): { name: string; size: number; type: string }[] {
  return toManifest(toSendInputs(files)).files.map((f) => ({ name: f.name, size: f.size, type: f.type }));
}

/** Copy `files` into OPFS; `onProgress` gets the fraction done. Resolves when every file is stored and hashed. */
export async function keepCopy(
  token: string,
  files: readonly OfferedBlob[],
  onProgress: (fraction: number) => void,
): Promise<void> {
  const manifest: ManifestFile[] = toManifest(toSendInputs(files)).files;
  const id = copyId(token);
  // Registered first: other pages' housekeeping deletes unregistered transfers.
  remember({ token, holder: COPY, transferId: id, files: manifest, storage: 'opfs' });
  const storage = await OpfsStorage.create(assetUrl('opfs-worker.js'));
  const total = Math.max(
    1,
    files.reduce((s, f) => s + f.file.size, 0),
  );
  let before = 0;
  let current = 0;
  let written = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  storage.onwritten = (index, bytes) => {
    if (index !== current) return;
    written = bytes;
    wake?.();
  };
  storage.onerror = (error) => {
    failure = error;
    wake?.();
  };
  const settle = (until: number) =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (failure || written >= until) resolve();
        else wake = check;
      };
      check();
    });
  try {
    await storage.open(id, manifest);
    for (const [index, entry] of files.entries()) {
      current = index;
      written = 0;
      let offset = 0;
      for await (const block of blocksOf(entry.file)) {
        const end = offset + block.byteLength;
        await settle(end - MAX_IN_FLIGHT);
        if (failure) throw failure;
        storage.append(index, block.buffer as ArrayBuffer, 0, block.byteLength);
        onProgress((before + offset) / total);
        offset = end;
      }
      const sha256 = await storage.finish(index);
      await storage.markDone(index, sha256);
      before += entry.file.size;
      onProgress(before / total);
    }
  } finally {
    await storage.close().catch(() => {});
  }
}

/** The files of a complete copy (after a reload), or null when there is none (or it is incomplete). */
export async function restoreCopy(token: string): Promise<OfferedBlob[] | null> {
  const entry = lookup(token, COPY);
  if (!entry || !OpfsStorage.isAvailable()) return null;
  const storage = await OpfsStorage.create(assetUrl('opfs-worker.js'));
  try {
    const states = await storage.open(entry.transferId, entry.files);
    if (!states.every((s) => s.done)) return null;
    const blobs = await Promise.all(entry.files.map((f) => storage.getFile(f.index)));
    return entry.files.map((f, i) => ({ path: f.name, file: blobs[i] as File }));
  } catch {
    return null;
  } finally {
    await storage.close().catch(() => {});
  }
}

/** Forget the copies of shares that ended and delete every stored transfer nobody remembers. */
export async function dropCopies(tokens: readonly string[]): Promise<void> {
  for (const token of tokens) forgetSession(token);
  if (OpfsStorage.isAvailable()) await clearOpfsTransfers(liveTransferIds()).catch(() => {});
}
