import { html } from './html.ts';
import { page } from './layout.ts';

export function loginPage(options: { next: string }): string {
  return page({
    title: 'Log in',
    user: null,
    script: 'login',
    data: { next: options.next },
    body: html`<section class="card card--narrow">
      <h1>Log in</h1>
      <form id="login-form" class="form" novalidate>
        <label class="field">Username
          <input name="username" id="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">
        </label>
        <label class="field">Password
          <input name="password" id="password" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <p class="form__error" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary">Log in</button>
      </form>
    </section>`,
  });
}

export function setupPage(): string {
  return page({
    title: 'Set up',
    user: null,
    script: 'setup',
    body: html`<section class="card card--narrow">
      <h1>Set up Phuppi P2P</h1>
      <p>Create the first administrator. The setup code is printed in the console where the server runs.</p>
      <form id="setup-form" class="form" novalidate>
        <label class="field">Setup code
          <input name="setupCode" autocomplete="off" autocapitalize="characters" required maxlength="64">
        </label>
        <label class="field">Username
          <input name="username" autocomplete="username" autocapitalize="none" required maxlength="64">
        </label>
        <label class="field">Password
          <input name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="1024">
        </label>
        <p class="form__error" role="alert" hidden></p>
        <button type="submit" disabled data-awaits-script class="button button--primary">Create administrator</button>
      </form>
    </section>`,
  });
}

export function notFoundPage(user: Parameters<typeof page>[0]['user']): string {
  return page({
    title: 'Not found',
    user,
    body: html`<section class="card card--narrow"><h1>Not found</h1><p>There is nothing at this address. The link may be mistyped, or it has been removed.</p><p><a class="button" href="/">Go to the start page</a></p></section>`,
  });
}
