import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import { SHARE_OWNER_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
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
export function shareOwnerPage(options: {
  user: User;
  share: OwnerSessionView | null;
  defaultExpiresIn: number;
}): string {
  const s = options.share;
  const defaultSeconds = defaultExpiryChoice(options.defaultExpiresIn);
  return page({
    title: 'Send files',
    user: options.user,
    script: 'share-owner',
    data: { share: s, defaultExpiresIn: defaultSeconds },
    body: html`<div class="page-head">
        <h1>Send files</h1>
        <p class="lead">Choose files, then show the QR code and PIN to the person who should get them. The files go straight from this browser to theirs — never through the server — so keep this page open until they are done.</p>
      </div>

      <section class="card" id="${IDS.compose}" aria-labelledby="${IDS.composeHeading}"${s ? html` hidden` : ''}>
        <h2 id="${IDS.composeHeading}" class="card__title">New share</h2>
        <form id="${IDS.createForm}" class="form" novalidate>
          ${fileChooser('input')}
          ${expiryChoice(defaultSeconds)}
          <div class="keep-copy" id="${IDS.keepCopyBlock}">
            <label class="check"><input type="checkbox" id="${IDS.keepCopy}" name="keepCopy"> Keep a copy in this browser, so the share survives a reload</label>
            <p class="field__hint" id="${IDS.keepCopyHint}">The files are copied into this browser's private storage in the background and deleted when the share ends. Without a copy, reloading or closing this page stops the share until you choose the files again.</p>
          </div>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" disabled data-awaits-script class="button button--primary button--large" id="${IDS.createShare}">Create share</button>
        </form>
      </section>

      <div id="${IDS.share}"${s ? '' : html` hidden`}>
        ${ownerHead({
          back: html`<a href="/p2p" id="${IDS.newShare}">← New share</a>`,
          title: html`<h2 class="share-title" id="${IDS.title}" tabindex="-1">Sharing files</h2>`,
          badgeId: IDS.status,
          badgeLive: true,
          badgeText: 'Active',
          bannerId: IDS.ended,
        })}
        ${shareCard({
          heading: html`<h3 id="${IDS.cardHeading}" class="visually-hidden">Link, QR code and PIN for the recipient</h3>`,
          headingId: IDS.cardHeading,
          url: s?.url ?? '',
          pin: s?.pin ?? '',
          urlLabel: 'Link for the recipient',
          expiryText: '',
          noun: 'share',
          notifyLabel: 'Notify me about downloads',
          cancelStops: 'downloads in progress stop',
        })}
        <section class="card" aria-labelledby="${IDS.offeredHeading}">
          <div class="card__head">
            <h3 id="${IDS.offeredHeading}" class="card__title">Files on offer</h3>
            <span class="meta" id="${IDS.offeredSummary}"></span>
          </div>
          <div class="alert alert--warn" id="${IDS.filesMissing}" hidden>
            <strong class="alert__title">The files are not in this browser any more</strong>
            <span class="alert__line">Recipients can only download while this page holds the files. Choose the same files again to continue sharing.</span>
            <div class="picker-row">
              <label class="button button--primary picker" for="${IDS.repickInput}">Choose the files again</label>
              <input type="file" id="${IDS.repickInput}" class="picker__input" multiple>
            </div>
            <p class="meta" id="${IDS.repickStatus}" role="status"></p>
          </div>
          <p class="meta" id="${IDS.copyProgress}" role="status" hidden></p>
          <ul class="list offered-list" id="${IDS.offeredList}" aria-label="Files on offer"></ul>
        </section>
        <section class="card" aria-labelledby="${IDS.recipientsHeading}">
          <div class="card__head">
            <h3 id="${IDS.recipientsHeading}" class="card__title">Recipients</h3>
            <span class="live-dot" id="${IDS.liveStatus}" role="status">Connecting…</span>
          </div>
          <p class="meta" id="${IDS.recipientsEmpty}">Nobody yet. When someone enters the PIN, they appear here and their download starts by itself. Several people can download at once.</p>
          <ul class="list guest-list" id="${IDS.recipientList}" aria-live="polite" aria-relevant="additions"></ul>
        </section>
      </div>

      <section class="card" aria-labelledby="${IDS.sharesHeading}">
        <div class="card__head">
          <h2 id="${IDS.sharesHeading}" class="card__title">Your shares</h2>
          <button type="button" class="button button--small" id="${IDS.refreshShares}">Refresh</button>
        </div>
        <p class="meta" id="${IDS.sharesStatus}" role="status">Loading…</p>
        <ul class="list session-list" id="${IDS.shareList}" aria-labelledby="${IDS.sharesHeading}"></ul>
      </section>
      <p class="visually-hidden" id="${IDS.announcer}" aria-live="polite"></p>`,
  });
}
