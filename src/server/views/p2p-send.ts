import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import type { User } from '../auth/user-repository.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { defaultExpiryChoice, expiryChoice, fileChooser, ownerHead, shareCard } from './partials.ts';

/**
 * `/p2p` — "Send files": choose files (or folders, or drop them), create a share, then show its QR code,
 * link, PIN and recipients; below, the user's shares. `/p2p?share=<token>` opens one share (after a reload
 * or from the list). The page script fills and switches the two panels without leaving the page, so the
 * chosen files stay in memory.
 */
export function sendFilesPage(options: {
  user: User;
  share: OwnerSessionView | null;
  defaultExpiresIn: number;
}): string {
  const s = options.share;
  const defaultSeconds = defaultExpiryChoice(options.defaultExpiresIn);
  return page({
    title: 'Send files',
    user: options.user,
    script: 'p2p-send',
    data: { share: s, defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>Send files</h1>
        <p class="lead">Choose files, then show the QR code and PIN to the person who should get them. The files go straight from this browser to theirs — never through the server — so keep this page open until they are done.</p>
      </div>

      <section class="card" id="compose" aria-labelledby="compose-heading"${s ? html` hidden` : ''}>
        <h2 id="compose-heading" class="card__title">New share</h2>
        <form id="create-form" class="form" novalidate>
          ${fileChooser('input')}
          ${expiryChoice(defaultSeconds)}
          <div class="keep-copy" id="keep-copy-block">
            <label class="check"><input type="checkbox" id="keep-copy" name="keepCopy"> Keep a copy in this browser, so the share survives a reload</label>
            <p class="field__hint" id="keep-copy-hint">The files are copied into this browser's private storage in the background and deleted when the share ends. Without a copy, reloading or closing this page stops the share until you choose the files again.</p>
          </div>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large" id="create-share">Create share</button>
        </form>
      </section>

      <div id="share"${s ? '' : html` hidden`}>
        ${ownerHead({
          back: html`<a href="/p2p" id="new-share">← New share</a>`,
          title: html`<h2 class="share-title" id="share-title" tabindex="-1">Sharing files</h2>`,
          badgeId: 'share-status',
          badgeLive: true,
          badgeText: 'Active',
          bannerId: 'share-ended',
        })}
        ${shareCard({
          heading: html`<h3 id="link-heading" class="visually-hidden">Link, QR code and PIN for the recipient</h3>`,
          headingId: 'link-heading',
          url: s?.url ?? '',
          pin: s?.pin ?? '',
          urlLabel: 'Link for the recipient',
          expiryText: '',
          noun: 'share',
          notifyLabel: 'Notify me about downloads',
          cancelStops: 'downloads in progress stop',
        })}
        <section class="card" aria-labelledby="offered-heading">
          <div class="card__head">
            <h3 id="offered-heading" class="card__title">Files on offer</h3>
            <span class="meta" id="offered-summary"></span>
          </div>
          <div class="alert alert--warn" id="files-missing" hidden>
            <strong class="alert__title">The files are not in this browser any more</strong>
            <span class="alert__line">Recipients can only download while this page holds the files. Choose the same files again to continue sharing.</span>
            <div class="picker-row">
              <label class="button button--primary picker" for="repick-input">Choose the files again</label>
              <input type="file" id="repick-input" class="picker__input" multiple>
            </div>
            <p class="meta" id="repick-status" role="status"></p>
          </div>
          <p class="meta" id="copy-progress" role="status" hidden></p>
          <ul class="list offered-list" id="offered-list" aria-label="Files on offer"></ul>
        </section>
        <section class="card" aria-labelledby="recipients-heading">
          <div class="card__head">
            <h3 id="recipients-heading" class="card__title">Recipients</h3>
            <span class="live-dot" id="live-status" role="status">Connecting…</span>
          </div>
          <p class="meta" id="recipients-empty">Nobody yet. When someone enters the PIN, they appear here and their download starts by itself. Several people can download at once.</p>
          <ul class="list guest-list" id="recipient-list" aria-live="polite" aria-relevant="additions"></ul>
        </section>
      </div>

      <section class="card" aria-labelledby="shares-heading">
        <div class="card__head">
          <h2 id="shares-heading" class="card__title">Your shares</h2>
          <button type="button" class="button button--small" id="refresh-shares">Refresh</button>
        </div>
        <p class="meta" id="shares-status" role="status">Loading…</p>
        <ul class="list session-list" id="share-list" aria-labelledby="shares-heading"></ul>
      </section>
      <p class="visually-hidden" id="announcer" aria-live="polite"></p>`,
  });
}
