import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { ownerHead, shareCard } from './partials.ts';

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
    body: html`${ownerHead({
      back: html`<a href="/p2p/receive">← All receive sessions</a>`,
      title: html`<h1 id="session-title">${title}</h1>`,
      badgeId: 'session-status',
      badgeLive: s.status === 'active',
      badgeText: STATUS_WORDS[s.status],
      bannerId: 'session-ended',
    })}
      ${shareCard({
        heading: html`<h2 id="share-heading" class="visually-hidden">Share this link</h2>`,
        headingId: 'share-heading',
        url: s.url,
        qrDataUrl: true,
        pin: s.pin,
        pinHint: 'Tell the guest this PIN: they type it before sending.',
        urlLabel: 'Link for the guest',
        expiryText: `Expires ${s.expiresAt}`,
        noun: 'session',
        notifyLabel: 'Notify me when files arrive',
        cancelStops: 'transfers in progress stop',
      })}
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
          <span class="button-row">
            <button type="button" class="button button--ghost" id="forget-files" disabled>Remove from this browser</button>
            <button type="button" class="button button--primary" id="download-all" disabled>Download all</button>
          </span>
        </div>
        <p class="meta" id="files-empty">No files yet.</p>
        <p class="meta" id="zip-status" role="status"></p>
        <ul class="list file-list" id="file-list"></ul>
      </section>
      <p class="sr-only-live visually-hidden" id="announcer" aria-live="polite"></p>`,
  });
}
