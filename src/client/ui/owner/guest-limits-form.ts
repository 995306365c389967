/** The "What each guest may send" fields of the "Receive files" form, read into the create request. */
import { type CreateReceiveRequest, MAX_GUEST_BYTES_LIMIT } from '../../../shared/api/p2p.ts';
import { MAX_FILES } from '../../../shared/transfer-limits.ts';
import { ownerT } from '../words.ts';

const UNITS: Record<string, number> = { MiB: 1024 ** 2, GiB: 1024 ** 3 };
const DEFAULT_UNIT = 1024 ** 3;

/** The limits chosen (empty fields: none), or a sentence saying what to correct. */
export function readGuestLimits(data: FormData): Pick<CreateReceiveRequest, 'maxFiles' | 'maxTotalBytes'> | string {
  const out: Pick<CreateReceiveRequest, 'maxFiles' | 'maxTotalBytes'> = {};
  const files = String(data.get('maxFiles') ?? '').trim();
  if (files) {
    const n = Number(files);
    if (!Number.isInteger(n) || n < 1 || n > MAX_FILES) return ownerT('owner.limits.files', { max: MAX_FILES });
    out.maxFiles = n;
  }
  const size = String(data.get('maxSize') ?? '').trim();
  if (size) {
    const unit = UNITS[String(data.get('maxSizeUnit'))] ?? DEFAULT_UNIT;
    const bytes = Math.round(Number(size) * unit);
    if (!Number.isFinite(bytes) || bytes < 1 || bytes > MAX_GUEST_BYTES_LIMIT) return ownerT('owner.limits.size');
    out.maxTotalBytes = bytes;
  }
  return out;
}
