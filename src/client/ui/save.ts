import { downloadZip } from 'client-zip';
import { uniquePaths } from '../../shared/file-names.ts';

/** Start an ordinary browser download of `blob` as `name`. */
export function saveBlob(blob: Blob, name: string): void {
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
  /** Relative path inside the ZIP (already sanitised by the engine; made unique here). */
  path: string;
  file: File;
}

/**
 * One ZIP of every entry, folder paths kept, streamed by client-zip from the stored files (they are
 * read as the archive is written, never loaded whole into memory by this code).
 */
export async function zipBlob(entries: readonly ZipEntry[]): Promise<Blob> {
  const paths = uniquePaths(entries.map((e) => e.path));
  const files = entries.map((e, i) => ({ name: paths[i] as string, input: e.file, lastModified: new Date(e.file.lastModified || Date.now()), size: e.file.size }));
  const blob = await downloadZip(files).blob();
  return blob.type === 'application/zip' ? blob : blob.slice(0, blob.size, 'application/zip');
}

export function zipName(label: string | null, shortcode: string): string {
  const base = (label ?? '').replace(/[^\p{L}\p{N} _.-]+/gu, ' ').trim().replace(/\s+/g, ' ').slice(0, 60);
  const day = new Date().toISOString().slice(0, 10);
  return `${base || `phuppi-${shortcode}`} ${day}.zip`;
}
