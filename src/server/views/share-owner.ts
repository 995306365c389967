import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { SHARE_OWNER_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { defaultExpiryChoice, expiryChoice, fileChooser, ownerHead, shareCard } from './partials.ts';

/**
 * `/p2p` — "Send files": choose files (or folders, or drop them), create a share, then show its QR code,
 * link, PIN and recipients; below, the user's shares. `/p2p?share=<token>` opens one share (after a reload
 * or from the list). The page script fills and switches the two panels without leaving the page, so the
 * chosen files stay in memory.
 */
export function shareOwnerPage(options: {
  user: User;
  share: OwnerSessionView | null;
  defaultExpiresIn: number;
  words: PageWords;
}): string {
  const s = options.share;
  const w = options.words;
  const defaultSeconds = defaultExpiryChoice(options.defaultExpiresIn);
  return page({
    title: w.t('view.shareOwner.title'),
    user: options.user,
    words: w,
    script: 'share-owner',
    data: { share: s, defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>${w.t('view.shareOwner.title')}</h1>
        <p class="lead">${w.t('view.shareOwner.lead')}</p>
      </div>

      <section class="card" id="${IDS.compose}" aria-labelledby="${IDS.composeHeading}"${s ? html` hidden` : ''}>
        <h2 id="${IDS.composeHeading}" class="card__title">${w.t('view.shareOwner.newTitle')}</h2>
        <form id="${IDS.createForm}" class="form" novalidate>
          ${fileChooser('input', w)}
          ${expiryChoice(defaultSeconds, w)}
          <div class="keep-copy" id="${IDS.keepCopyBlock}">
            <label class="check"><input type="checkbox" id="${IDS.keepCopy}" name="keepCopy"> ${w.t('view.shareOwner.keepCopy')}</label>
            <p class="field__hint" id="${IDS.keepCopyHint}">${w.t('view.shareOwner.keepCopyHint')}</p>
          </div>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large" id="${IDS.createShare}">${w.t('view.shareOwner.submit')}</button>
        </form>
      </section>

      <div id="${IDS.share}"${s ? '' : html` hidden`}>
        ${ownerHead({
          back: html`<a href="/p2p" id="${IDS.newShare}">${w.t('view.shareOwner.back')}</a>`,
          title: html`<h2 class="share-title" id="${IDS.title}" tabindex="-1">${w.t('view.shareOwner.sharing')}</h2>`,
          badgeId: IDS.status,
          badgeLive: true,
          badgeText: w.t('view.status.active'),
          bannerId: IDS.ended,
        })}
        ${shareCard({
          w,
          heading: html`<h3 id="${IDS.cardHeading}" class="visually-hidden">${w.t('view.shareOwner.cardHeading')}</h3>`,
          headingId: IDS.cardHeading,
          url: s?.url ?? '',
          pin: s?.pin ?? '',
          urlLabel: w.t('view.shareOwner.urlLabel'),
          expiryText: '',
          noun: 'share',
          notifyLabel: w.t('view.shareOwner.notify'),
        })}
        <section class="card" aria-labelledby="${IDS.offeredHeading}">
          <div class="card__head">
            <h3 id="${IDS.offeredHeading}" class="card__title">${w.t('view.shareOwner.offered')}</h3>
            <span class="meta" id="${IDS.offeredSummary}"></span>
          </div>
          <div class="alert alert--warn" id="${IDS.filesMissing}" hidden>
            <strong class="alert__title">${w.t('view.shareOwner.missing.title')}</strong>
            <span class="alert__line">${w.t('view.shareOwner.missing.text')}</span>
            <div class="picker-row">
              <label class="button button--primary picker" for="${IDS.repickInput}">${w.t('view.shareOwner.missing.choose')}</label>
              <input type="file" id="${IDS.repickInput}" class="picker__input" multiple>
            </div>
            <p class="meta" id="${IDS.repickStatus}" role="status"></p>
          </div>
          <p class="meta" id="${IDS.copyProgress}" role="status" hidden></p>
          <ul class="list offered-list" id="${IDS.offeredList}" aria-label="${w.t('view.shareOwner.offered')}"></ul>
        </section>
        <section class="card" aria-labelledby="${IDS.recipientsHeading}">
          <div class="card__head">
            <h3 id="${IDS.recipientsHeading}" class="card__title">${w.t('view.shareOwner.recipients')}</h3>
            <span class="live-dot" id="${IDS.liveStatus}" role="status">${w.t('view.owner.connecting')}</span>
          </div>
          <p class="meta" id="${IDS.recipientsEmpty}">${w.t('view.shareOwner.recipientsEmpty')}</p>
          <ul class="list guest-list" id="${IDS.recipientList}" aria-live="polite" aria-relevant="additions"></ul>
        </section>
      </div>

      <section class="card" aria-labelledby="${IDS.sharesHeading}">
        <div class="card__head">
          <h2 id="${IDS.sharesHeading}" class="card__title">${w.t('view.shareOwner.shares')}</h2>
          <button type="button" class="button button--small" id="${IDS.refreshShares}">${w.t('view.owner.refresh')}</button>
        </div>
        <p class="meta" id="${IDS.sharesStatus}" role="status">${w.t('view.owner.loading')}</p>
        <ul class="list session-list" id="${IDS.shareList}" aria-labelledby="${IDS.sharesHeading}"></ul>
      </section>
      <p class="visually-hidden" id="${IDS.announcer}" aria-live="polite"></p>`,
  });
}
