import { MAX_FILES_PER_COMPLETE } from '../../shared/api/p2p.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { defaultExpiryChoice, expiryChoice } from './partials.ts';

/** `/p2p/receive` — "Receive files": create a session, and the list of the user's sessions. */
export function receiveCreatePage(options: { user: User; defaultExpiresIn: number }): string {
  const defaultSeconds = defaultExpiryChoice(options.defaultExpiresIn);
  return page({
    title: 'Receive files',
    user: options.user,
    script: 'p2p-receive',
    data: { defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>Receive files</h1>
        <p class="lead">Create a link and a PIN, show them to the person who has the files, and their files come straight from their phone or computer into this browser — never through the server.</p>
      </div>
      <div class="receive-layout">
      <section class="card" aria-labelledby="create-heading">
        <h2 id="create-heading" class="card__title">New receive session</h2>
        <form id="create-form" class="form" novalidate>
          <label class="field"><span>Label shown to guests <span class="field__hint">(optional)</span></span>
            <input name="label" id="label" maxlength="200" autocomplete="off" placeholder="e.g. Homework week 3">
          </label>
          ${expiryChoice(defaultSeconds)}
          <fieldset class="choice-group guest-limits-choice">
            <legend>What each guest may send <span class="field__hint">(optional; files go into this browser)</span></legend>
            <div class="limit-row">
              <label class="field"><span>Most files</span>
                <input name="maxFiles" id="max-files" type="number" inputmode="numeric" min="1" max="${MAX_FILES_PER_COMPLETE}" step="1" placeholder="No limit">
              </label>
              <label class="field"><span>Most size in all</span>
                <input name="maxSize" id="max-size" type="number" inputmode="decimal" min="0" step="any" placeholder="No limit">
              </label>
              <label class="field"><span>Unit</span>
                <select name="maxSizeUnit" id="max-size-unit"><option value="MiB">MiB</option><option value="GiB" selected>GiB</option></select>
              </label>
            </div>
          </fieldset>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large">Create receive session</button>
        </form>
      </section>
      <section class="card" aria-labelledby="sessions-heading">
        <div class="card__head">
          <h2 id="sessions-heading" class="card__title">Your receive sessions</h2>
          <button type="button" class="button button--small" id="refresh-sessions">Refresh</button>
        </div>
        <p class="meta" id="sessions-status" role="status">Loading…</p>
        <ul class="list session-list" id="session-list" aria-labelledby="sessions-heading"></ul>
      </section>
      </div>
      <p class="meta center">On a phone? <a href="/scan">Scan a QR code</a> to open a link someone shows you.</p>`,
  });
}
