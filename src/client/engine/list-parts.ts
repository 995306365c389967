/**
 * Long lists on the wire (version 2): split into parts that each fit one data-channel message, and a list that
 * comes in parts put back together — in index order, each file once, never more entries than files.
 */
import { MAX_PART_ENTRIES } from '../../shared/transfer-protocol.ts';
import { ProtocolError } from './errors.ts';

/** Room for a part's envelope around its entries (`{"t":"manifest-part","part":999,"files":[…]}` and the like). */
const ENVELOPE_BYTES = 256;
const encoder = new TextEncoder();

/**
 * `entries` in order, cut into parts of at most MAX_PART_ENTRIES whose JSON (envelope included) stays within
 * `maxMessageBytes` as UTF-8. An entry too large for a message on its own still gets a part of its own.
 */
export function splitIntoParts<T>(entries: readonly T[], maxMessageBytes: number): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const entry of entries) {
    // The entry and the comma after it.
    const size = encoder.encode(JSON.stringify(entry)).byteLength + 1;
    if (part.length > 0 && (bytes + size > maxMessageBytes || part.length >= MAX_PART_ENTRIES)) {
      parts.push(part);
      part = [];
      bytes = ENVELOPE_BYTES;
    }
    part.push(entry);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/**
 * A list of one entry per file (`have`, `done`) that comes in parts: each part goes on where the last ended,
 * and the part without `more` must end the list at exactly `fileCount` entries. Holds at most `fileCount`
 * entries, a number this side chose (its own manifest).
 */
export class ListParts<T extends { index: number }> {
  #entries: T[] = [];
  constructor(
    readonly what: string,
    readonly fileCount: number,
  ) {}

  /** Part of the list has come, the rest not yet. */
  get pending(): boolean {
    return this.#entries.length > 0;
  }

  /** One part; the whole list once its last part came, null before. Throws `ProtocolError` on any gap or excess. */
  add(entries: readonly T[], more: boolean): T[] | null {
    const have = this.#entries.length;
    // Only a list of no files has an empty part (its last); empty parts that promise more would never end.
    if (more && entries.length === 0)
      throw new ProtocolError(`'${this.what}' sent an empty part`, { fault: 'list-order' });
    if (have + entries.length > this.fileCount)
      throw new ProtocolError(`'${this.what}' lists more than the ${this.fileCount} files of the transfer`, {
        fault: 'list-too-many',
      });
    entries.forEach((entry, i) => {
      if (entry.index !== have + i)
        throw new ProtocolError(`'${this.what}' lists file ${entry.index} where file ${have + i} comes next`, {
          fault: 'list-order',
        });
    });
    this.#entries.push(...entries);
    if (more) return null;
    const whole = this.#entries;
    this.#entries = [];
    if (whole.length !== this.fileCount)
      throw new ProtocolError(`'${this.what}' ended after ${whole.length} of the ${this.fileCount} files`, {
        fault: 'list-totals',
      });
    return whole;
  }
}
