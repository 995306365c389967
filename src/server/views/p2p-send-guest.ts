import type { PublicSessionResponse } from '../../shared/api/p2p.ts';
import type { User } from '../auth/users.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/** `/p2p/receive/:shortcode` — the guest's "Send files" page (no account needed). */
export function guestSendPage(options: { session: PublicSessionResponse; user: User | null }): string {
  const s = options.session;
  return page({
    title: `Send files to ${s.receiverName}`,
    user: options.user,
    guest: true,
    script: 'p2p-send-guest',
    data: { session: s },
    body: html`<div class="guest">
      <header class="guest__head">
        <p class="guest__eyebrow">Send files to</p>
        <h1 class="guest__title">${s.receiverName}</h1>
        ${s.label ? html`<p class="guest__label">${s.label}</p>` : ''}
        <p class="meta" id="expiry-line">Link valid until <time datetime="${s.expiresAt}" id="expires-at">${s.expiresAt}</time></p>
      </header>

      <div class="alert alert--error" id="fatal" role="alert" tabindex="-1" hidden></div>

      <form id="send-form" class="guest__form" novalidate>
        <section class="card step" id="pin-step" aria-labelledby="pin-heading">
          <h2 id="pin-heading" class="step__title"><span class="step__num" aria-hidden="true">1</span> Enter the PIN</h2>
          <div class="pin-row">
            <label class="field pin-field" for="pin">PIN
              <input id="pin" name="pin" class="pin-input" inputmode="numeric" pattern="[0-9]*" maxlength="2" autocomplete="one-time-code" enterkeyhint="done" aria-describedby="pin-hint pin-message" required>
            </label>
            <p class="field__hint" id="pin-hint">The 2-digit number shown on ${s.receiverName}'s screen.</p>
          </div>
          <p class="pin-message" id="pin-message" role="alert" hidden></p>
          <p class="alert alert--ok" id="pin-ok" hidden>✓ PIN accepted</p>
        </section>

        <section class="card step" id="files-step" aria-labelledby="files-heading">
          <h2 id="files-heading" class="step__title"><span class="step__num" aria-hidden="true">2</span> Choose files</h2>
          <div class="dropzone" id="dropzone">
            <p class="dropzone__text">Drop files or folders here, or</p>
            <div class="picker-row">
              <label class="button button--primary picker" for="file-input">Choose files</label>
              <input type="file" id="file-input" class="picker__input" multiple>
              <button type="button" class="button picker" id="folder-button">Choose a folder</button>
            </div>
          </div>
          <p class="meta" id="chosen-summary" role="status">No files chosen yet.</p>
          <ul class="list chosen-list" id="chosen-list" aria-label="Chosen files"></ul>
        </section>

        <p class="form__error" id="send-error" role="alert" hidden></p>
        <button type="submit" class="button button--primary button--large button--block" id="send-button">Send</button>
      </form>

      <section class="card" id="transfer" aria-labelledby="transfer-heading" hidden>
        <h2 id="transfer-heading" class="step__title">Sending</h2>
        <p class="transfer-status" id="transfer-status" role="status" aria-live="polite"></p>
        <div class="alert alert--warn" id="transfer-warning" role="alert" hidden></div>
        <div id="overall-progress"></div>
        <ul class="list transfer-list" id="transfer-list" aria-label="Files being sent"></ul>
        <div class="button-row">
          <button type="button" class="button button--danger" id="stop-button">Stop sending</button>
        </div>
      </section>

      <section class="card success" id="success" aria-labelledby="success-heading" tabindex="-1" hidden>
        <div class="success__icon" aria-hidden="true">✓</div>
        <h2 id="success-heading">All files arrived</h2>
        <p id="success-text"></p>
        <ul class="list" id="success-list" aria-label="Files sent"></ul>
        <p><a class="button" href="" id="send-more">Send more files</a></p>
      </section>
    </div>`,
  });
}

export type GuestProblem = 'not-found' | 'expired' | 'cancelled';

const PROBLEMS: Record<GuestProblem, { title: string; text: string }> = {
  'not-found': {
    title: "This link doesn't exist",
    text: 'Check that you typed or scanned the whole link. If it still does not work, ask the person who wants your files for a new link.',
  },
  expired: {
    title: 'This link has expired',
    text: 'Links to send files only work for a limited time. Ask the person who wants your files for a new link.',
  },
  cancelled: {
    title: 'This link was cancelled',
    text: 'The person who created it cancelled it, so it no longer accepts files. Ask them for a new link if you still need to send something.',
  },
};

/** The guest page when the link cannot be used (404 / 410). */
export function guestProblemPage(problem: GuestProblem, user: User | null): string {
  const p = PROBLEMS[problem];
  return page({
    title: p.title,
    user,
    guest: true,
    body: html`<section class="card card--narrow problem" data-problem="${problem}">
      <div class="problem__icon" aria-hidden="true">${problem === 'not-found' ? '?' : '!'}</div>
      <h1>${p.title}</h1>
      <p>${p.text}</p>
      <p><a class="button" href="/scan">Scan another QR code</a></p>
    </section>`,
  });
}
