import { baseName, sanitizeRelativePath } from '../../shared/file-names.ts';
import { MAX_FILE_NAME_BYTES, type FileMetadataInput, type ReceivedFile } from '../../shared/api/p2p.ts';
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
      throw badRequest(`File ${index + 1} ("${baseName(name).slice(0, 40)}…") has a name longer than ${MAX_FILE_NAME_BYTES} bytes.`, 'NAME_TOO_LONG');
    }
    const type = file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type.toLowerCase() : 'application/octet-stream';
    return { name, size: file.size, type, sha256: file.sha256?.toLowerCase() ?? null, guestId, receivedAt };
  });
}

export function parseFiles(json: string | null): ReceivedFile[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as ReceivedFile[]) : [];
  } catch {
    return [];
  }
}
