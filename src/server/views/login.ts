import { html } from './html.ts';
import { page } from './layout.ts';

export interface LoginPageOptions {
  next: string;
  /** "Sign in with …" through the organisation's provider, when one is configured. */
  singleSignOn?: { name: string; href: string } | null;
  /** Why the last sign-in through the provider did not work (a fixed sentence, never text from the URL). */
  problem?: string | null;
}

export function loginPage(options: LoginPageOptions): string {
  const problem = options.problem ?? null;
  const sso = options.singleSignOn ?? null;
  return page({
    title: 'Log in',
    user: null,
    script: 'login',
    data: { next: options.next },
    body: html`<section class="card card--narrow">
      <h1>Log in</h1>
      ${
        sso
          ? html`<p><a id="sso-login" class="button button--primary button--block" href="${sso.href}">Sign in with ${sso.name}</a></p>
      <p class="center">or log in with a password</p>`
          : ''
      }
      <form id="login-form" class="form" novalidate>
        <label class="field">Username
          <input name="username" id="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64">
        </label>
        <label class="field">Password
          <input name="password" id="password" type="password" autocomplete="current-password" required maxlength="1024">
        </label>
        <p class="form__error" role="alert" ${problem === null ? html`hidden` : ''}>${problem ?? ''}</p>
        <button type="submit" disabled data-awaits-script class="button ${sso ? '' : 'button--primary'}">Log in</button>
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
