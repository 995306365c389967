import type { User } from '../auth/users.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/** Administrators add the people who may create sessions (teachers, colleagues); guests never need accounts. */
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
          <ul id="user-list" class="list" aria-live="polite"></ul>
        </section>
      </div>`,
  });
}
