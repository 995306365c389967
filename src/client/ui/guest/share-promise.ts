/**
 * The guest of a share takes only what the server's share metadata promised. The sender's browser is the
 * other party, not the server: its manifest may name other files, or the same names with other sizes (a row
 * that says "report.pdf · 10 B" while 5 GiB are written into this device's storage). Names, sizes and their
 * order must match exactly: the owner's page builds both lists with the same name rules.
 */
import type { ManifestFile } from '../../../shared/transfer-protocol.ts';
import { formatBytes } from '../format.ts';

/** Why `offered` is not what the share `promised` (text for the guest), or null when it is exactly that. */
export function brokenPromise(
  promised: readonly { name: string; size: number }[],
  offered: readonly ManifestFile[],
): string | null {
  const lead =
    "The sender's device offered other files than this share lists, so the download was stopped and nothing it sent was kept.";
  if (offered.length !== promised.length) return `${lead} (${offered.length} files instead of ${promised.length}.)`;
  for (const [i, p] of promised.entries()) {
    const f = offered[i] as ManifestFile;
    if (f.name !== p.name) return `${lead} (A file this share does not list in place of “${p.name}”.)`;
    if (f.size !== p.size) return `${lead} (“${p.name}”: ${formatBytes(f.size)} instead of ${formatBytes(p.size)}.)`;
  }
  return null;
}
