import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html, withMarkup } from './html.ts';
import { page } from './layout.ts';

/**
 * Administrators add the people who may create sessions (teachers, colleagues), reset their passwords, disable,
 * delete, and grant or remove administration. Guests never need accounts.
 */
/** A dialog's error line and its two buttons: the action, and Cancel. */
function dialogEnd(w: PageWords, action: string, look: string) {
  return html`<p class="form__error" role="alert" hidden></p>
          <div class="button-row">
            <button type="submit" class="button ${look}">${action}</button>
            <button type="button" class="button" data-action="close">${w.t('view.form.cancel')}</button>
          </div>
        </form>
      </dialog>`;
}

/** The dialog's user name, filled in by the page script; isolated from the sentence around it. */
const dialogUser = { user: html`<bdi data-field="username"></bdi>` };

export function adminUsersPage(user: User, w: PageWords): string {
  return page({
    title: w.t('view.users.title'),
    user,
    words: w,
    script: 'admin-users',
    body: html`<h1>${w.t('view.users.title')}</h1>
      <div class="grid-2">
        <section class="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title">${w.t('view.users.addTitle')}</h2>
          <form id="add-user-form" class="form" novalidate>
            <label class="field">${w.t('view.form.username')}
              <input name="username" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="64">
            </label>
            <label class="field">${w.t('view.form.password')}
              <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
              <span class="field__hint">${w.t('view.users.passwordHint')}</span>
            </label>
            <p class="form__error" role="alert" hidden></p>
            <p class="alert alert--ok" role="status" hidden></p>
            <button type="submit" disabled data-awaits-script class="button button--primary">${w.t('view.users.add')}</button>
          </form>
        </section>
        <section class="card" aria-labelledby="user-list-title">
          <h2 id="user-list-title">${w.t('view.users.listTitle')}</h2>
          <p id="user-list-error" class="form__error" role="alert" hidden></p>
          <p id="user-list-done" class="alert alert--ok" role="status" hidden></p>
          <ul id="user-list" class="list user-list"></ul>
          <p class="field__hint">${w.t('view.users.listHint')}</p>
        </section>
      </div>
      <template id="reset-dialog">
      <dialog class="dialog" aria-labelledby="reset-title">
        <form class="form" method="dialog" novalidate>
          <h2 id="reset-title">${withMarkup((vars) => w.t('view.users.resetTitle', vars), dialogUser)}</h2>
          <label class="field">${w.t('view.account.new')}
            <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
            <span class="field__hint">${w.t('view.users.resetHint')}</span>
          </label>
          ${dialogEnd(w, w.t('view.users.setPassword'), 'button--primary')}
      </template>
      <template id="delete-dialog">
      <dialog class="dialog" aria-labelledby="delete-title">
        <form class="form" method="dialog" novalidate>
          <h2 id="delete-title">${withMarkup((vars) => w.t('view.users.deleteTitle', vars), dialogUser)}</h2>
          <p>${w.t('view.users.deleteText')}</p>
          ${dialogEnd(w, w.t('view.users.delete'), 'button--danger-solid')}
      </template>`,
  });
}
