/**
 * The receiver's side of a file list sent in parts (version 2): a `manifest-head` announces how many files,
 * bytes and parts; the parts must then come in order, each going on where the last ended, and add up to
 * exactly what was announced. Anything else is a `ProtocolError` naming what is wrong, never the peer's text.
 * It holds at most the announced number of entries (≤ MAX_FILES); the wait for the parts is timed by the
 * receiver (`manifestTimeoutMs`).
 */
import {
  MAX_PART_ENTRIES,
  type ManifestFile,
  type ManifestHeadMessage,
  type ManifestPartMessage,
} from '../../shared/transfer-protocol.ts';
import { ProtocolError, type ProtocolFault } from './errors.ts';

const refuse = (fault: ProtocolFault, message: string) => new ProtocolError(message, { fault });

export class ManifestAssembler {
  readonly #files: ManifestFile[] = [];
  #bytes = 0;
  #nextPart = 0;
  /** The whole list, once every part has come. */
  files: ManifestFile[] | null = null;

  constructor(readonly head: ManifestHeadMessage) {
    const { fileCount, parts, totalBytes } = head;
    if (parts > fileCount) throw refuse('list-totals', `the file list announces ${parts} parts for ${fileCount} files`);
    if (fileCount > parts * MAX_PART_ENTRIES)
      throw refuse(
        'list-totals',
        `the file list announces ${fileCount} files in ${parts} parts of at most ${MAX_PART_ENTRIES}`,
      );
    if (parts === 0) {
      if (totalBytes !== 0) throw refuse('list-totals', `the file list announces ${totalBytes} bytes in no files`);
      this.files = [];
    }
  }

  /** Entries received so far. */
  get received(): number {
    return this.#files.length;
  }

  /** One part; the whole list once the last announced part has come, null before. */
  add(part: ManifestPartMessage): ManifestFile[] | null {
    const { fileCount, parts, totalBytes } = this.head;
    if (part.part >= parts) throw refuse('list-too-many', `file list part ${part.part}, but ${parts} were announced`);
    if (part.part < this.#nextPart) throw refuse('list-order', `file list part ${part.part} came twice`);
    if (part.part > this.#nextPart)
      throw refuse('list-order', `file list part ${part.part} came before part ${this.#nextPart}`);
    const start = this.#files.length;
    if (start + part.files.length > fileCount)
      throw refuse('list-too-many', `file list part ${part.part} goes past the ${fileCount} files announced`);
    part.files.forEach((file, i) => {
      if (file.index !== start + i)
        throw refuse(
          'list-order',
          `file list part ${part.part}: file ${file.index} where file ${start + i} comes next`,
        );
      this.#bytes += file.size;
    });
    if (this.#bytes > totalBytes)
      throw refuse(
        'list-totals',
        `file list part ${part.part}: the sizes add up to more than the ${totalBytes} bytes announced`,
      );
    this.#files.push(...part.files);
    this.#nextPart++;
    if (this.#nextPart < parts) return null;
    if (this.#files.length !== fileCount)
      throw refuse(
        'list-totals',
        `the file list has ${this.#files.length} files in all, but ${fileCount} were announced`,
      );
    if (this.#bytes !== totalBytes)
      throw refuse(
        'list-totals',
        `the file list's sizes add up to ${this.#bytes} bytes, but ${totalBytes} were announced`,
      );
    this.files = this.#files;
    return this.files;
  }
}
