import { RECEIVE_CREATE_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import { MAX_FILES } from '../../shared/transfer-limits.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html, withMarkup } from './html.ts';
import { page } from './layout.ts';
import { defaultExpiryChoice, expiryChoice } from './partials.ts';

/** `/p2p/receive` — "Receive files": create a session, and the list of the user's sessions. */
export function receiveCreatePage(options: { user: User; defaultExpiresIn: number; words: PageWords }): string {
  const w = options.words;
  const defaultSeconds = defaultExpiryChoice(options.defaultExpiresIn);
  const optional = html`<span class="field__hint">${w.t('view.form.optional')}</span>`;
  return page({
    title: w.t('view.receiveCreate.title'),
    user: options.user,
    words: w,
    script: 'receive-create',
    data: { defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>${w.t('view.receiveCreate.title')}</h1>
        <p class="lead">${w.t('view.receiveCreate.lead')}</p>
      </div>
      <div class="receive-layout">
      <section class="card" aria-labelledby="${IDS.createHeading}">
        <h2 id="${IDS.createHeading}" class="card__title">${w.t('view.receiveCreate.newTitle')}</h2>
        <form id="${IDS.createForm}" class="form" novalidate>
          <label class="field"><span>${w.t('view.receiveCreate.label')} ${optional}</span>
            <input name="label" id="${IDS.label}" maxlength="200" autocomplete="off" placeholder="${w.t('view.receiveCreate.labelExample')}">
          </label>
          ${expiryChoice(defaultSeconds, w)}
          <fieldset class="choice-group guest-limits-choice">
            <legend>${w.t('view.receiveCreate.limits')} <span class="field__hint">${w.t('view.receiveCreate.limitsHint')}</span></legend>
            <div class="limit-row">
              <label class="field"><span>${w.t('view.receiveCreate.maxFiles')}</span>
                <input name="maxFiles" id="${IDS.maxFiles}" type="number" inputmode="numeric" min="1" max="${MAX_FILES}" step="1" placeholder="${w.t('view.receiveCreate.noLimit')}">
              </label>
              <label class="field"><span>${w.t('view.receiveCreate.maxSize')}</span>
                <input name="maxSize" id="${IDS.maxSize}" type="number" inputmode="decimal" min="0" step="any" placeholder="${w.t('view.receiveCreate.noLimit')}">
              </label>
              <label class="field"><span>${w.t('view.receiveCreate.unit')}</span>
                <select name="maxSizeUnit" id="${IDS.maxSizeUnit}"><option value="MiB">${w.t('size.unit.MiB')}</option><option value="GiB" selected>${w.t('size.unit.GiB')}</option></select>
              </label>
            </div>
          </fieldset>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large">${w.t('view.receiveCreate.submit')}</button>
        </form>
      </section>
      <section class="card" aria-labelledby="${IDS.sessionsHeading}">
        <div class="card__head">
          <h2 id="${IDS.sessionsHeading}" class="card__title">${w.t('view.receiveCreate.sessions')}</h2>
          <button type="button" class="button button--small" id="${IDS.refreshSessions}">${w.t('view.owner.refresh')}</button>
        </div>
        <p class="meta" id="${IDS.sessionsStatus}" role="status">${w.t('view.owner.loading')}</p>
        <ul class="list session-list" id="${IDS.sessionList}" aria-labelledby="${IDS.sessionsHeading}"></ul>
      </section>
      </div>
      <p class="meta center">${withMarkup((vars) => w.t('view.receiveCreate.onPhone', vars), { scan: html`<a href="/scan">${w.t('view.receiveCreate.scan')}</a>` })}</p>`,
  });
}
