import type { PageKey } from '../../shared/i18n/catalogue.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

export interface LoginPageOptions {
  next: string;
  words: PageWords;
  /** "Sign in with …" through the organisation's provider, when one is configured. */
  singleSignOn?: { name: string; href: string } | null;
  /** Why the last sign-in through the provider did not work (a catalogue sentence, never text from the URL). */
  problem?: PageKey | null;
}

export function loginPage(options: LoginPageOptions): string {
  const w = options.words;
  const problem = options.problem ? w.t(options.problem) : null;
  const sso = options.singleSignOn ?? null;
  return page({
    title: w.t('view.login.title'),
    user: null,
    words: w,
    script: 'login',
    data: { next: options.next },
    body: html`<section class="card card--narrow">
      <h1>${w.t('view.login.title')}</h1>
      ${
        sso
          ? html`<p><a id="sso-login" class="button button--primary button--block" href="${sso.href}">${w.t('view.login.sso', { provider: sso.name })}</a></p>
      <p class="center">${w.t('view.login.orPassword')}</p>`
          : ''
      }
      <form id="login-form" class="form" novalidate>
        <label class="field">${w.t('view.form.username')}
          <input name="username" id="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">
        </label>
        <label class="field">${w.t('view.form.password')}
          <input name="password" id="password" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <p class="form__error" role="alert" ${problem === null ? html`hidden` : ''}>${problem ?? ''}</p>
        <button type="submit" disabled data-awaits-script class="button ${sso ? '' : 'button--primary'}">${w.t('view.login.title')}</button>
      </form>
    </section>`,
  });
}

export function setupPage(w: PageWords): string {
  return page({
    title: w.t('view.setup.title'),
    user: null,
    words: w,
    script: 'setup',
    body: html`<section class="card card--narrow">
      <h1>${w.t('view.setup.heading')}</h1>
      <p>${w.t('view.setup.intro')}</p>
      <form id="setup-form" class="form" novalidate>
        <label class="field">${w.t('view.setup.code')}
          <input name="setupCode" autocomplete="off" autocapitalize="characters" required maxlength="64">
        </label>
        <label class="field">${w.t('view.form.username')}
          <input name="username" autocomplete="username" autocapitalize="none" required maxlength="64">
        </label>
        <label class="field">${w.t('view.form.password')}
          <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
        </label>
        <p class="form__error" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary">${w.t('view.setup.submit')}</button>
      </form>
    </section>`,
  });
}
