/**
 * The guest of a share takes only what the server's share metadata promised. The sender's browser is the
 * other party, not the server: its manifest may name other files, or the same names with other sizes (a row
 * that says "report.pdf · 10 B" while 5 GiB are written into this device's storage). Names, sizes and their
 * order must match exactly: the owner's page builds both lists with the same name rules.
 */
import { isolate } from '../../../shared/isolate.ts';
import type { ManifestFile } from '../../../shared/transfer-protocol.ts';
import { formatBytes } from '../format.ts';
import { t } from '../words.ts';

/** Why `offered` is not what the share `promised` (text for the guest), or null when it is exactly that. */
export function brokenPromise(
  promised: readonly { name: string; size: number }[],
  offered: readonly ManifestFile[],
): string | null {
  const lead = t('download.promise.lead');
  if (offered.length !== promised.length)
    return t('download.promise.count', { lead, offered: offered.length, promised: promised.length });
  for (const [i, p] of promised.entries()) {
    const f = offered[i] as ManifestFile;
    if (f.name !== p.name) return t('download.promise.name', { lead, name: isolate(p.name) });
    if (f.size !== p.size)
      return t('download.promise.size', {
        lead,
        name: isolate(p.name),
        offered: formatBytes(f.size),
        promised: formatBytes(p.size),
      });
  }
  return null;
}
