import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * Administrators add the people who may create sessions (teachers, colleagues), reset their passwords, disable,
 * delete, and grant or remove administration. Guests never need accounts.
 */
/** A dialog's error line and its two buttons: the action, and Cancel. */
function dialogEnd(action: string, look: string) {
  return html`<p class="form__error" role="alert" hidden></p>
          <div class="button-row">
            <button type="submit" class="button ${look}">${action}</button>
            <button type="button" class="button" data-action="close">Cancel</button>
          </div>
        </form>
      </dialog>`;
}

export function adminUsersPage(user: User): string {
  return page({
    title: 'Users',
    user,
    script: 'admin-users',
    body: html`<h1>Users</h1>
      <div class="grid-2">
        <section class="card" aria-labelledby="add-user-title">
          <h2 id="add-user-title">Add a user</h2>
          <form id="add-user-form" class="form" novalidate>
            <label class="field">Username
              <input name="username" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="64">
            </label>
            <label class="field">Password
              <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
              <span class="field__hint">At least 8 characters. Give it to the person in private.</span>
            </label>
            <p class="form__error" role="alert" hidden></p>
            <p class="alert alert--ok" role="status" hidden></p>
            <button type="submit" disabled data-awaits-script class="button button--primary">Add user</button>
          </form>
        </section>
        <section class="card" aria-labelledby="user-list-title">
          <h2 id="user-list-title">Everyone who can log in</h2>
          <p id="user-list-error" class="form__error" role="alert" hidden></p>
          <p id="user-list-done" class="alert alert--ok" role="status" hidden></p>
          <ul id="user-list" class="list user-list"></ul>
          <p class="field__hint">A disabled user cannot log in; their open links stop working. There is always at least one active administrator.</p>
        </section>
      </div>
      <template id="reset-dialog">
      <dialog class="dialog" aria-labelledby="reset-title">
        <form class="form" method="dialog" novalidate>
          <h2 id="reset-title">New password for <span data-field="username"></span></h2>
          <label class="field">New password
            <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
            <span class="field__hint">At least 8 characters. They are logged out everywhere; give them the new one in private.</span>
          </label>
          ${dialogEnd('Set password', 'button--primary')}
      </template>
      <template id="delete-dialog">
      <dialog class="dialog" aria-labelledby="delete-title">
        <form class="form" method="dialog" novalidate>
          <h2 id="delete-title">Delete <span data-field="username"></span>?</h2>
          <p>The account, its receive sessions and shares, and the list of what guests sent are deleted. This cannot be undone.</p>
          ${dialogEnd('Delete user', 'button--danger-solid')}
      </template>`,
  });
}
