import type { RevokeReason } from '../../../shared/api/p2p.ts';
import { t } from '../words.ts';

/**
 * What a guest's page says when its ticket was taken back, in either direction. `limits`: for files over the
 * link's limits, the page's own sentence about them (the server's message is English and the other side's).
 */
export function revokedNotice(
  reason: RevokeReason,
  ownerName: string,
  limits: string,
): { title: string; text: string } {
  const owner = ownerName;
  switch (reason) {
    case 'removed':
      return { title: t('end.removed.title', { owner }), text: t('end.removed.text', { owner }) };
    case 'pin-reset':
      return { title: t('end.pinAgain.title'), text: t('end.pinAgain.text', { owner }) };
    case 'over-limit':
      return { title: t('end.overLimit.title'), text: t('end.overLimit.text', { limits }) };
  }
}
