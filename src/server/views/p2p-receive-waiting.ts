import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import type { User } from '../auth/users.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

const STATUS_WORDS: Record<OwnerSessionView['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  cancelled: 'Cancelled',
  locked: 'Locked: too many wrong PINs',
};

/** `/p2p/receive/:token/waiting` — share the link, watch guests arrive, save what they sent. */
export function receiveWaitingPage(options: { user: User; session: OwnerSessionView }): string {
  const s = options.session;
  const title = s.label ? s.label : 'Receive session';
  return page({
    title: `Waiting for files · ${title}`,
    user: options.user,
    script: 'p2p-receive-waiting',
    data: { session: s },
    body: html`<div class="page-head page-head--row">
        <div>
          <p class="breadcrumb"><a href="/p2p/receive">← All receive sessions</a></p>
          <h1 id="session-title">${title}</h1>
        </div>
        <span class="badge badge--${s.status === 'active' ? 'live' : 'bad'} badge--large" id="session-status">${STATUS_WORDS[s.status]}</span>
      </div>
      <div class="alert alert--warn" id="session-ended" role="alert" hidden></div>
      <section class="card share-card" aria-labelledby="share-heading" id="share-card">
        <h2 id="share-heading" class="visually-hidden">Share this link</h2>
        <div class="share-card__qr">
          <div class="qr" id="qr" data-url="${s.url}"><span class="meta">QR code…</span></div>
          <p class="meta center">Scan with the phone camera</p>
        </div>
        <div class="share-card__info">
          <div class="pin-block">
            <span class="pin-block__label" id="pin-label">PIN</span>
            <span class="pin" id="pin" aria-labelledby="pin-label">${s.pin}</span>
            <span class="pin-block__hint">Tell the guest this PIN: they type it before sending.</span>
          </div>
          <label class="field" for="share-url">Link for the guest</label>
          <div class="share-url">
            <input id="share-url" value="${s.url}" readonly>
            <button type="button" class="button" id="copy-url">Copy link</button>
          </div>
          <p class="meta" id="copy-status" role="status"></p>
          <p class="expiry"><span id="expiry-text">Expires ${s.expiresAt}</span></p>
          <div class="button-row">
            <button type="button" class="button" id="reset-pin">Reset PIN</button>
            <button type="button" class="button button--danger" id="cancel-session">Cancel session</button>
            <button type="button" class="button button--ghost" id="enable-notifications" hidden>Notify me when files arrive</button>
          </div>
          <div class="confirm" id="cancel-confirm" role="group" aria-labelledby="cancel-question" hidden>
            <p id="cancel-question"><strong>Cancel this session?</strong> The link and PIN stop working and transfers in progress stop.</p>
            <div class="button-row">
              <button type="button" class="button button--danger-solid" id="cancel-yes">Yes, cancel session</button>
              <button type="button" class="button" id="cancel-no">Keep it</button>
            </div>
          </div>
          <p class="form__error" id="share-error" role="alert" hidden></p>
        </div>
      </section>
      <section class="card" aria-labelledby="guests-heading">
        <div class="card__head">
          <h2 id="guests-heading" class="card__title">Guests</h2>
          <span class="live-dot" id="live-status" role="status">Connecting…</span>
        </div>
        <p class="meta" id="guests-empty">Nobody yet. When a guest enters the PIN, they appear here, and their files start arriving on their own. Keep this page open.</p>
        <ul class="list guest-list" id="guest-list" aria-live="polite" aria-relevant="additions"></ul>
      </section>
      <section class="card" aria-labelledby="files-heading">
        <div class="card__head">
          <h2 id="files-heading" class="card__title">Files received</h2>
          <button type="button" class="button button--primary" id="download-all" disabled>Download all</button>
        </div>
        <p class="meta" id="files-empty">No files yet.</p>
        <p class="meta" id="zip-status" role="status"></p>
        <ul class="list file-list" id="file-list"></ul>
      </section>
      <p class="sr-only-live visually-hidden" id="announcer" aria-live="polite"></p>`,
  });
}
