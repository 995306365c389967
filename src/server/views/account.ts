import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html, withMarkup } from './html.ts';
import { page } from './layout.ts';

/** The signed-in user's own account: for now, changing the password. */
export function accountPage(user: User, w: PageWords): string {
  const loggedInAs = withMarkup(
    (vars) => w.t(user.isAdmin ? 'view.account.loggedInAsAdmin' : 'view.account.loggedInAs', vars),
    { user: html`<strong dir="auto">${user.username}</strong>` },
  );
  return page({
    title: w.t('view.account.title'),
    user,
    words: w,
    script: 'account',
    body: html`<section class="card card--narrow" aria-labelledby="password-title">
      <h1>${w.t('view.account.title')}</h1>
      <p>${loggedInAs}</p>
      <h2 id="password-title">${w.t('view.account.changeTitle')}</h2>
      <form id="password-form" class="form" novalidate>
        <label class="field">${w.t('view.account.current')}
          <input name="currentPassword" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <div class="field">
          <label for="new-password">${w.t('view.account.new')}</label>
          <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minlength="8" maxlength="1024" aria-describedby="new-password-hint">
          <span class="field__hint" id="new-password-hint">${w.t('view.account.newHint')}</span>
        </div>
        <label class="field">${w.t('view.account.again')}
          <input name="confirmPassword" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
        </label>
        <p class="form__error" role="alert" hidden></p>
        <p class="alert alert--ok" role="status" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary">${w.t('view.account.submit')}</button>
        <p class="field__hint">${w.t('view.account.othersLoggedOut')}</p>
      </form>
    </section>`,
  });
}
