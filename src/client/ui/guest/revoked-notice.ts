import type { RevokeReason } from '../../../shared/api/p2p.ts';

/** What a guest's page says when its ticket was taken back, in either direction. */
export function revokedNotice(
  reason: RevokeReason,
  ownerName: string,
  serverMessage: string,
): { title: string; text: string } {
  switch (reason) {
    case 'removed':
      return {
        title: `${ownerName} removed you`,
        text: `${ownerName} removed you from this session, so nothing more is exchanged. Ask them if you think this was a mistake.`,
      };
    case 'pin-reset':
      return {
        title: 'Please enter the PIN again',
        text: `${ownerName} changed the PIN. Reload this page and enter the new PIN.`,
      };
    case 'over-limit':
      return {
        title: 'Too many files for this link',
        text: `${serverMessage} Reload this page, enter the PIN again and choose fewer or smaller files.`,
      };
  }
}
