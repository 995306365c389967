import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { RECEIVE_OWNER_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import { isolate } from '../../shared/isolate.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { ownerHead, shareCard } from './partials.ts';

/** `/p2p/receive/:token/waiting` — share the link, watch guests arrive, save what they sent. */
export function receiveOwnerPage(options: { user: User; session: OwnerSessionView; words: PageWords }): string {
  const s = options.session;
  const w = options.words;
  const title = s.label ? s.label : w.t('view.receiveOwner.untitled');
  return page({
    title: w.t('view.receiveOwner.title', { session: s.label ? isolate(s.label) : title }),
    user: options.user,
    words: w,
    script: 'receive-owner',
    data: { session: s },
    body: html`${ownerHead({
      back: html`<a href="/p2p/receive">${w.t('view.receiveOwner.back')}</a>`,
      // The owner's label may mix scripts: isolated, it keeps its own order on a page of the other direction.
      title: html`<h1 id="${IDS.title}" dir="auto">${title}</h1>`,
      badgeId: IDS.status,
      badgeLive: s.status === 'active',
      badgeText: w.t(`view.status.${s.status}`),
      bannerId: IDS.ended,
    })}
      ${shareCard({
        w,
        heading: html`<h2 id="${IDS.cardHeading}" class="visually-hidden">${w.t('view.receiveOwner.cardHeading')}</h2>`,
        headingId: IDS.cardHeading,
        url: s.url,
        qrDataUrl: true,
        pin: s.pin,
        pinHint: w.t('view.receiveOwner.pinHint'),
        urlLabel: w.t('view.receiveOwner.urlLabel'),
        expiryText: w.t('view.card.expires', { time: s.expiresAt }),
        noun: 'session',
        notifyLabel: w.t('view.receiveOwner.notify'),
      })}
      <section class="card" aria-labelledby="${IDS.guestsHeading}">
        <div class="card__head">
          <h2 id="${IDS.guestsHeading}" class="card__title">${w.t('view.receiveOwner.guests')}</h2>
          <span class="live-dot" id="${IDS.liveStatus}" role="status">${w.t('view.owner.connecting')}</span>
        </div>
        <p class="meta" id="${IDS.guestsEmpty}">${w.t('view.receiveOwner.guestsEmpty')}</p>
        <ul class="list guest-list" id="${IDS.guestList}" aria-live="polite" aria-relevant="additions"></ul>
      </section>
      <section class="card" aria-labelledby="${IDS.filesHeading}">
        <div class="card__head">
          <h2 id="${IDS.filesHeading}" class="card__title">${w.t('view.receiveOwner.files')}</h2>
          <span class="button-row">
            <button type="button" class="button button--ghost" id="${IDS.forgetFiles}" disabled>${w.t('view.receiveOwner.forget')}</button>
            <button type="button" class="button button--primary" id="${IDS.downloadAll}" disabled>${w.t('view.receiveOwner.downloadAll')}</button>
          </span>
        </div>
        <p class="meta" id="${IDS.filesEmpty}">${w.t('view.receiveOwner.filesEmpty')}</p>
        <p class="meta" id="${IDS.zipStatus}" role="status"></p>
        <ul class="list file-list" id="${IDS.fileList}"></ul>
      </section>
      <p class="sr-only-live visually-hidden" id="${IDS.announcer}" aria-live="polite"></p>`,
  });
}
