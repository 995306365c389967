import { downloadZip } from 'client-zip';
import { archivePaths } from '../../shared/file-names.ts';
import { isolate } from '../../shared/isolate.ts';
import { formatBytes } from './format.ts';
import { t } from './words.ts';

/** Start an ordinary browser download of `blob` as `name`. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ZipEntry {
  /** Relative path inside the ZIP (already sanitised by the engine; made safe to unpack and unique here). */
  path: string;
  file: File;
}

type SaveFilePicker = (options: {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

export interface SavedZip {
  bytes: number;
  /** Written straight into a file the user picked (else: an ordinary download). */
  streamed: boolean;
  /** The name it was saved under. */
  name: string;
}

/**
 * Saves one ZIP of every entry, folder paths kept under one top folder named like the ZIP (so unpacking it in a
 * home folder cannot drop a `.ssh/…` or a Startup-folder path in place), built by client-zip from the stored files as it is written.
 * Where the browser has a save-file picker (desktop Chromium) the ZIP streams straight into the file the user
 * picks, so a session of many gigabytes is never held whole; elsewhere (phones, Firefox, Safari) it is
 * built as a Blob (which the browser may keep on disk) and downloaded. Resolves null if the user closed
 * the picker.
 */
export async function saveZip(entries: readonly ZipEntry[], name: string): Promise<SavedZip | null> {
  const paths = archivePaths(
    name.replace(/\.zip$/i, ''),
    entries.map((e) => e.path),
  );
  const files = entries.map((e, i) => ({
    name: paths[i] as string,
    input: e.file,
    lastModified: new Date(e.file.lastModified || Date.now()),
    size: e.file.size,
  }));
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (picker) {
    let handle: FileSystemFileHandle | null = null;
    try {
      handle = await picker({
        suggestedName: name,
        types: [{ description: t('zip.description'), accept: { 'application/zip': ['.zip'] } }],
      });
    } catch (e) {
      if ((e as DOMException).name === 'AbortError') return null;
      // Refused for another reason (no user gesture left, a policy): the ordinary download still works.
    }
    if (handle) {
      let bytes = 0;
      const count = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          bytes += chunk.byteLength;
          out.enqueue(chunk);
        },
      });
      await (downloadZip(files).body as ReadableStream<Uint8Array>)
        .pipeThrough(count)
        .pipeTo(await handle.createWritable());
      return { bytes, streamed: true, name: handle.name };
    }
  }
  const blob = await downloadZip(files).blob();
  saveBlob(blob.type === 'application/zip' ? blob : blob.slice(0, blob.size, 'application/zip'), name);
  return { bytes: blob.size, streamed: false, name };
}

/** The status line after a ZIP was saved. */
export function zipSavedText(saved: SavedZip, fileCount: number): string {
  const what = t('zip.what', { count: fileCount, size: formatBytes(saved.bytes) });
  return saved.streamed ? t('zip.savedAs', { what, name: isolate(saved.name) }) : t('zip.savedDownloads', { what });
}

export function zipName(label: string | null, shortcode: string): string {
  const base = (label ?? '')
    .replace(/[^\p{L}\p{N} _.-]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .slice(0, 60);
  const day = new Date().toISOString().slice(0, 10);
  return `${base || `phuppi-${shortcode}`} ${day}.zip`;
}
