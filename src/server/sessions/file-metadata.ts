import {
  type FileMetadataInput,
  MAX_FILE_NAME_BYTES,
  type OfferedFile,
  type ReceivedFile,
} from '../../shared/api/p2p.ts';
import { baseName, sanitizeRelativePath } from '../../shared/file-names.ts';
import { badRequest } from '../http/errors.ts';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Guest-supplied file metadata made safe to store and show: names become clean relative paths (no "..",
 * no absolute paths, no control characters), each segment at most 255 bytes; the type is a plain MIME string.
 */
export function sanitizeReceivedFiles(files: FileMetadataInput[], guestId: number, receivedAt: string): ReceivedFile[] {
  return files.map((file, index) => {
    const name = sanitizeRelativePath(file.name);
    if (name.split('/').some((segment) => byteLength(segment) > MAX_FILE_NAME_BYTES)) {
      throw badRequest(
        `File ${index + 1} ("${baseName(name).slice(0, 40)}…") has a name longer than ${MAX_FILE_NAME_BYTES} bytes.`,
        'NAME_TOO_LONG',
      );
    }
    const type =
      file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type.toLowerCase() : 'application/octet-stream';
    return { name, size: file.size, type, sha256: file.sha256?.toLowerCase() ?? null, guestId, receivedAt };
  });
}

/** A JSON list column (files_metadata) back as a list; anything unreadable is an empty list. */
export function parseJsonList<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

export const parseFiles = (json: string | null): ReceivedFile[] => parseJsonList<ReceivedFile>(json);

/** Offered files of a new share, their names made safe the same way as received ones. */
export function sanitizeOfferedFiles(files: Array<{ name: string; size: number; type?: string }>): OfferedFile[] {
  return sanitizeReceivedFiles(files, 0, '').map(({ name, size, type }) => ({ name, size, type }));
}
