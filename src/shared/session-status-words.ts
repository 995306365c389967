/** The words of a session's status badge on the owner's pages, rendered by the server and updated by the page. */
import type { OwnerSessionView } from './api/p2p.ts';

export const STATUS_WORDS: Record<OwnerSessionView['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
  locked: 'Locked: too many wrong PINs',
};
