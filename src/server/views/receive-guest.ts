import type { GuestLimits, PublicSessionResponse } from '../../shared/api/p2p.ts';
import { guestPageIds as id } from '../../shared/element-ids/guest-pages.ts';
import { hasLimits, limitsSentence } from '../../shared/guest-limits.ts';
import { isolate } from '../../shared/isolate.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { fileChooser, guestHead, pinStep, problemCard } from './partials.ts';

/** `/p2p/receive/:shortcode` — the guest's page of a receive session: the guest sends files (no account needed). */
export function receiveGuestPage(options: {
  session: PublicSessionResponse;
  limits: GuestLimits;
  user: User | null;
  words: PageWords;
}): string {
  const s = options.session;
  const limits = options.limits;
  const w = options.words;
  return page({
    title: w.t('receiveGuest.title', { owner: isolate(s.receiverName) }),
    user: options.user,
    guest: true,
    words: w,
    script: 'receive-guest',
    data: { session: s, limits },
    body: html`<div class="guest">
      ${guestHead({ w, eyebrow: w.t('receiveGuest.eyebrow'), ownerName: s.receiverName, label: s.label, expiresAt: s.expiresAt, unsupported: w.t('receiveGuest.unsupported') })}

      <form id="${id.sendForm}" class="guest__form" novalidate>
        ${pinStep({ w, ownerName: s.receiverName, enterKeyHint: 'done' })}

        <section class="card step" id="${id.filesStep}" aria-labelledby="${id.filesHeading}">
          <h2 id="${id.filesHeading}" class="step__title"><span class="step__num" aria-hidden="true">2</span> ${w.t('receiveGuest.filesTitle')}</h2>
          ${hasLimits(limits) ? html`<p class="meta guest-limits" id="${id.guestLimits}">${limitsSentence(limits, w)}</p>` : ''}
          ${fileChooser('button', w)}
        </section>

        <p class="form__error" id="${id.sendError}" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary button--large button--block" id="${id.sendButton}">${w.t('receiveGuest.send')}</button>
      </form>

      <section class="card" id="${id.transfer}" aria-labelledby="${id.transferHeading}" hidden>
        <h2 id="${id.transferHeading}" class="step__title">${w.t('receiveGuest.sending')}</h2>
        <p class="transfer-status" id="${id.transferStatus}" role="status" aria-live="polite" tabindex="-1"></p>
        <div class="alert alert--warn" id="${id.transferWarning}" role="alert" hidden></div>
        <div id="${id.overallProgress}"></div>
        <ul class="list transfer-list" id="${id.transferList}" aria-label="${w.t('receiveGuest.sendingList')}"></ul>
        <div class="button-row">
          <button type="button" class="button button--danger" id="${id.stopButton}">${w.t('receiveGuest.stop')}</button>
        </div>
      </section>

      <section class="card success" id="${id.success}" aria-labelledby="${id.successHeading}" tabindex="-1" hidden>
        <div class="success__icon" aria-hidden="true">✓</div>
        <h2 id="${id.successHeading}">${w.t('receiveGuest.allArrived')}</h2>
        <p id="${id.successText}"></p>
        <ul class="list" id="${id.successList}" aria-label="${w.t('receiveGuest.sentList')}"></ul>
        <p><a class="button" href="" id="${id.sendMore}">${w.t('receiveGuest.sendMore')}</a></p>
      </section>
    </div>`,
  });
}

export type ReceiveGuestProblem = 'not-found' | 'expired' | 'cancelled';

const PROBLEM_KEYS = {
  'not-found': { title: 'receiveGuest.notFound.title', text: 'receiveGuest.notFound.text' },
  expired: { title: 'receiveGuest.expired.title', text: 'receiveGuest.expired.text' },
  cancelled: { title: 'receiveGuest.cancelled.title', text: 'receiveGuest.cancelled.text' },
} as const satisfies Record<ReceiveGuestProblem, unknown>;

/** The receive session's guest page when the link cannot be used (404 / 410). */
export function receiveGuestProblemPage(problem: ReceiveGuestProblem, user: User | null, w: PageWords): string {
  const keys = PROBLEM_KEYS[problem];
  const title = w.t(keys.title);
  return page({
    title,
    user,
    guest: true,
    words: w,
    body: problemCard({
      problem,
      icon: problem === 'not-found' ? '?' : '!',
      title,
      text: w.t(keys.text),
      action: html`<a class="button" href="/scan">${w.t('guest.scanAnother')}</a>`,
    }),
  });
}
