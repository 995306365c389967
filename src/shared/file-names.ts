/**
 * File names that come from another peer (or a guest) are untrusted. These helpers turn any string
 * into a safe *relative* path: segments joined by "/", no "." or ".." segments, nothing absolute, no
 * drive letters or ":" (Windows streams), no device names (CON, NUL, COM1 …), none of the characters that
 * hide or reverse text (the shared list in unsafe-text.ts), no runs of spaces that push an extension out of
 * sight, no empty segments, bounded length.
 *
 * Used by the transfer engine (both peers) and by the server before it stores metadata; `archivePaths`
 * makes the paths inside a ZIP safe to unpack in any folder.
 */
import { cleanDisplayText } from './unsafe-text.ts';

/** Longest segment we keep, in UTF-16 code units (file systems allow about 255 bytes). */
export const MAX_SEGMENT_LENGTH = 200;
/** Deepest folder nesting we keep. */
export const MAX_PATH_DEPTH = 32;
/** Longest whole relative path, in UTF-16 code units. */
export const MAX_PATH_LENGTH = 1024;
/** What an entirely unusable name becomes. */
export const FALLBACK_NAME = 'file';

/** Windows opens a device, not a file, for these names, with any extension ("nul.txt", "COM1 .log"). */
const DEVICE_NAME =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$) *(\.|$)/iu;

function cutTo(s: string, max: number): string {
  if (s.length <= max) return s;
  // Keep the extension when shortening.
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
  let head = s.slice(0, max - ext.length);
  // Never cut a surrogate pair in half.
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return head + ext;
}

/** Clean one path segment. Returns '' when nothing usable is left (caller drops it). */
export function sanitizeSegment(segment: string): string {
  // One line of visible text: no hidden or reversing characters, every whitespace run one space.
  // ":" would name an NTFS stream ("report.txt:run.exe").
  let s = cleanDisplayText(segment).replace(/:/g, '_');
  // Windows refuses names ending in dots/spaces; "..." etc. would also be a traversal look-alike.
  s = s.replace(/[. ]+$/u, '');
  if (s === '' || s === '.' || s === '..') return '';
  if (DEVICE_NAME.test(s)) s = `_${s}`;
  return cutTo(s, MAX_SEGMENT_LENGTH);
}

/**
 * A single file name (a leaf, e.g. `File.name`): any "/" or "\" inside it is not a separator but a
 * character, so it is replaced by "_" rather than creating folders.
 */
export function sanitizeFileName(name: string): string {
  const s = sanitizeSegment(String(name).replace(/[/\\]/g, '_'));
  return s === '' ? FALLBACK_NAME : s;
}

/**
 * A relative path (e.g. `File.webkitRelativePath` or a name received from a peer). "/" and "\" both
 * separate segments; leading separators, drive letters ("C:"), "." and ".." segments are dropped.
 */
export function sanitizeRelativePath(path: string): string {
  let s = String(path);
  // Drop a Windows drive or UNC prefix: "C:\", "C:", "\\server\share".
  s = s.replace(/^[a-zA-Z]:/, '');
  const parts: string[] = [];
  for (const raw of s.split(/[/\\]+/)) {
    const seg = sanitizeSegment(raw);
    if (seg !== '') parts.push(seg);
  }
  if (parts.length === 0) return FALLBACK_NAME;
  // Too deep: keep the deepest folders' names flattened into the last kept level.
  while (parts.length > MAX_PATH_DEPTH) {
    const a = parts.shift() as string;
    const b = parts.shift() as string;
    parts.unshift(cutTo(`${a}_${b}`, MAX_SEGMENT_LENGTH));
  }
  let joined = parts.join('/');
  while (joined.length > MAX_PATH_LENGTH && parts.length > 1) {
    parts.shift();
    joined = parts.join('/');
  }
  return joined.length > MAX_PATH_LENGTH ? cutTo(joined, MAX_PATH_LENGTH) : joined;
}

/** True when `path` is already in the form `sanitizeRelativePath` produces. */
export function isSafeRelativePath(path: string): boolean {
  return typeof path === 'string' && path !== '' && sanitizeRelativePath(path) === path;
}

/** The last segment of a relative path (what a download is called). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * Make every path unique (case-insensitively, for ZIPs and case-insensitive file systems) by adding
 * " (2)", " (3)" … before the extension. Returns a new array in the same order.
 */
export function uniquePaths(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.map((p) => {
    let candidate = p;
    let n = 2;
    while (seen.has(candidate.toLowerCase())) {
      const slash = p.lastIndexOf('/');
      const dot = p.lastIndexOf('.');
      const hasExt = dot > slash + 1;
      candidate = hasExt ? `${p.slice(0, dot)} (${n})${p.slice(dot)}` : `${p} (${n})`;
      n++;
    }
    seen.add(candidate.toLowerCase());
    return candidate;
  });
}

/** A ZIP's entry names safe to unpack in any folder (a home folder too): every entry under the one top folder
 * `folder`, and no segment starting with a dot (".ssh/authorized_keys" would otherwise land beside the real
 * one). Unique, case-insensitively. */
export function archivePaths(folder: string, paths: readonly string[]): string[] {
  const top = undot(sanitizeFileName(folder));
  const inner = paths.map((p) => sanitizeRelativePath(p).split('/').map(undot).join('/'));
  return uniquePaths(inner).map((p) => `${top}/${p}`);
}

function undot(segment: string): string {
  return segment.startsWith('.') ? `_${segment}` : segment;
}
