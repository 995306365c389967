import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { RECEIVE_OWNER_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import { STATUS_WORDS } from '../../shared/session-status-words.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { ownerHead, shareCard } from './partials.ts';

/** `/p2p/receive/:token/waiting` — share the link, watch guests arrive, save what they sent. */
export function receiveOwnerPage(options: { user: User; session: OwnerSessionView }): string {
  const s = options.session;
  const title = s.label ? s.label : 'Receive session';
  return page({
    title: `Waiting for files · ${title}`,
    user: options.user,
    script: 'receive-owner',
    data: { session: s },
    body: html`${ownerHead({
      back: html`<a href="/p2p/receive">← All receive sessions</a>`,
      title: html`<h1 id="${IDS.title}">${title}</h1>`,
      badgeId: IDS.status,
      badgeLive: s.status === 'active',
      badgeText: STATUS_WORDS[s.status],
      bannerId: IDS.ended,
    })}
      ${shareCard({
        heading: html`<h2 id="${IDS.cardHeading}" class="visually-hidden">Share this link</h2>`,
        headingId: IDS.cardHeading,
        url: s.url,
        qrDataUrl: true,
        pin: s.pin,
        pinHint: 'Tell the guest this PIN: they type it before sending.',
        urlLabel: 'Link for the guest',
        expiryText: `Expires ${s.expiresAt}`,
        noun: 'session',
        notifyLabel: 'Notify me when files arrive',
        cancelStops: 'transfers in progress stop',
      })}
      <section class="card" aria-labelledby="${IDS.guestsHeading}">
        <div class="card__head">
          <h2 id="${IDS.guestsHeading}" class="card__title">Guests</h2>
          <span class="live-dot" id="${IDS.liveStatus}" role="status">Connecting…</span>
        </div>
        <p class="meta" id="${IDS.guestsEmpty}">Nobody yet. When a guest enters the PIN, they appear here, and their files start arriving on their own. Keep this page open.</p>
        <ul class="list guest-list" id="${IDS.guestList}" aria-live="polite" aria-relevant="additions"></ul>
      </section>
      <section class="card" aria-labelledby="${IDS.filesHeading}">
        <div class="card__head">
          <h2 id="${IDS.filesHeading}" class="card__title">Files received</h2>
          <span class="button-row">
            <button type="button" class="button button--ghost" id="${IDS.forgetFiles}" disabled>Remove from this browser</button>
            <button type="button" class="button button--primary" id="${IDS.downloadAll}" disabled>Download all</button>
          </span>
        </div>
        <p class="meta" id="${IDS.filesEmpty}">No files yet.</p>
        <p class="meta" id="${IDS.zipStatus}" role="status"></p>
        <ul class="list file-list" id="${IDS.fileList}"></ul>
      </section>
      <p class="sr-only-live visually-hidden" id="${IDS.announcer}" aria-live="polite"></p>`,
  });
}
