import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/** The signed-in user's own account: for now, changing the password. */
export function accountPage(user: User): string {
  return page({
    title: 'Account',
    user,
    script: 'account',
    body: html`<section class="card card--narrow" aria-labelledby="password-title">
      <h1>Account</h1>
      <p>You are logged in as <strong>${user.username}</strong>${user.isAdmin ? ' (administrator)' : ''}.</p>
      <h2 id="password-title">Change your password</h2>
      <form id="password-form" class="form" novalidate>
        <label class="field">Current password
          <input name="currentPassword" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <div class="field">
          <label for="new-password">New password</label>
          <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minlength="8" maxlength="1024" aria-describedby="new-password-hint">
          <span class="field__hint" id="new-password-hint">At least 8 characters.</span>
        </div>
        <label class="field">New password again
          <input name="confirmPassword" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
        </label>
        <p class="form__error" role="alert" hidden></p>
        <p class="alert alert--ok" role="status" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary">Change password</button>
        <p class="field__hint">Your other devices are logged out; this one stays logged in.</p>
      </form>
    </section>`,
  });
}
