import type { PublicShareResponse } from '../../shared/api/p2p.ts';
import { guestPageIds as id } from '../../shared/element-ids/guest-pages.ts';
import type { PageKey } from '../../shared/i18n/catalogue.ts';
import { isolate } from '../../shared/isolate.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html, withMarkup } from './html.ts';
import { page } from './layout.ts';
import { guestHead, pinStep, problemCard } from './partials.ts';

/** `/p2p/:shortcode` — the guest's page of a share (no account needed): PIN, then the files straight from the owner's browser. */
export function shareGuestPage(options: { share: PublicShareResponse; user: User | null; words: PageWords }): string {
  const s = options.share;
  const w = options.words;
  return page({
    title: w.t('shareGuest.title', { owner: isolate(s.senderName) }),
    user: options.user,
    guest: true,
    words: w,
    script: 'share-guest',
    data: { share: s },
    body: html`<div class="guest">
      ${guestHead({ w, eyebrow: w.t('shareGuest.eyebrow'), ownerName: s.senderName, expiresAt: s.expiresAt, unsupported: w.t('shareGuest.unsupported') })}

      <form id="${id.pinForm}" class="guest__form" novalidate>
        ${pinStep({
          w,
          ownerName: s.senderName,
          enterKeyHint: 'go',
          after: html`<button type="submit" disabled data-awaits-script class="button button--primary button--large button--block" id="${id.getFiles}">${w.t('shareGuest.getFiles')}</button>`,
        })}
      </form>

      <section class="card step" id="${id.filesStep}" aria-labelledby="${id.filesHeading}">
        <div class="card__head">
          <h2 id="${id.filesHeading}" class="step__title"><span class="step__num" aria-hidden="true">2</span> ${w.t('shareGuest.downloadTitle')}</h2>
          <span class="meta" id="${id.filesSummary}"></span>
        </div>
        <p class="transfer-status" id="${id.transferStatus}" role="status" aria-live="polite">${withMarkup((vars) => w.t('shareGuest.start', vars), { owner: html`<bdi>${s.senderName}</bdi>` })}</p>
        <div class="alert alert--warn" id="${id.transferWarning}" role="alert" hidden></div>
        <div id="${id.overallProgress}"></div>
        <ul class="list download-list" id="${id.downloadList}" aria-label="${w.t('shareGuest.list')}"></ul>
        <div class="button-row download-actions">
          <button type="button" class="button button--primary button--large" id="${id.downloadAll}" disabled>${w.t('download.all')}</button>
          <button type="button" class="button button--danger" id="${id.stopButton}" hidden>${w.t('shareGuest.stop')}</button>
        </div>
        <p class="meta" id="${id.zipStatus}" role="status"></p>
      </section>
    </div>`,
  });
}

export type ShareProblem = 'not-found' | 'expired' | 'cancelled' | 'not-yours';

/** The title is the same for both; the text tells the guest what to do, and the owner what happened. */
const PROBLEMS: Record<ShareProblem, { title: PageKey; guest: PageKey; owner: PageKey }> = {
  'not-found': {
    title: 'shareGuest.notFound.title',
    guest: 'shareGuest.notFound.text',
    owner: 'view.shareOwner.notFound',
  },
  expired: { title: 'shareGuest.expired.title', guest: 'shareGuest.expired.text', owner: 'view.shareOwner.expired' },
  cancelled: {
    title: 'shareGuest.cancelled.title',
    guest: 'shareGuest.cancelled.text',
    owner: 'view.shareOwner.cancelled',
  },
  'not-yours': {
    title: 'shareGuest.notYours.title',
    guest: 'shareGuest.notYours.text',
    owner: 'view.shareOwner.notYours',
  },
};

/**
 * The page shown instead when a share link cannot be used (404 / 410; 403 for another user's share): a guest's
 * or an owner's, in `w`.
 */
export function shareProblemPage(
  problem: ShareProblem,
  user: User | null,
  audience: 'guest' | 'owner',
  w: PageWords,
): string {
  const p = PROBLEMS[problem];
  const action =
    audience === 'owner'
      ? html`<a class="button" href="/p2p">${w.t('view.shareOwner.title')}</a>`
      : html`<a class="button" href="/scan">${w.t('guest.scanAnother')}</a>`;
  const title = w.t(p.title);
  return page({
    title,
    user,
    guest: audience === 'guest',
    words: w,
    body: problemCard({
      problem,
      icon: problem === 'expired' || problem === 'cancelled' ? '⏱' : '?',
      title,
      text: w.t(audience === 'owner' ? p.owner : p.guest),
      action,
    }),
  });
}
