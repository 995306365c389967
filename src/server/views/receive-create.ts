import { RECEIVE_CREATE_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import { MAX_FILES } from '../../shared/transfer-limits.ts';
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
    script: 'receive-create',
    data: { defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>Receive files</h1>
        <p class="lead">Create a link and a PIN, show them to the person who has the files, and their files come straight from their phone or computer into this browser — never through the server.</p>
      </div>
      <div class="receive-layout">
      <section class="card" aria-labelledby="${IDS.createHeading}">
        <h2 id="${IDS.createHeading}" class="card__title">New receive session</h2>
        <form id="${IDS.createForm}" class="form" novalidate>
          <label class="field"><span>Label shown to guests <span class="field__hint">(optional)</span></span>
            <input name="label" id="${IDS.label}" maxlength="200" autocomplete="off" placeholder="e.g. Homework week 3">
          </label>
          ${expiryChoice(defaultSeconds)}
          <fieldset class="choice-group guest-limits-choice">
            <legend>What each guest may send <span class="field__hint">(optional; files go into this browser)</span></legend>
            <div class="limit-row">
              <label class="field"><span>Most files</span>
                <input name="maxFiles" id="${IDS.maxFiles}" type="number" inputmode="numeric" min="1" max="${MAX_FILES}" step="1" placeholder="No limit">
              </label>
              <label class="field"><span>Most size in all</span>
                <input name="maxSize" id="${IDS.maxSize}" type="number" inputmode="decimal" min="0" step="any" placeholder="No limit">
              </label>
              <label class="field"><span>Unit</span>
                <select name="maxSizeUnit" id="${IDS.maxSizeUnit}"><option value="MiB">MiB</option><option value="GiB" selected>GiB</option></select>
              </label>
            </div>
          </fieldset>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large">Create receive session</button>
        </form>
      </section>
      <section class="card" aria-labelledby="${IDS.sessionsHeading}">
        <div class="card__head">
          <h2 id="${IDS.sessionsHeading}" class="card__title">Your receive sessions</h2>
          <button type="button" class="button button--small" id="${IDS.refreshSessions}">Refresh</button>
        </div>
        <p class="meta" id="${IDS.sessionsStatus}" role="status">Loading…</p>
        <ul class="list session-list" id="${IDS.sessionList}" aria-labelledby="${IDS.sessionsHeading}"></ul>
      </section>
      </div>
      <p class="meta center">On a phone? <a href="/scan">Scan a QR code</a> to open a link someone shows you.</p>`,
  });
}
