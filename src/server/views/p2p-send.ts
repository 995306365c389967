import type { OwnerSessionView } from '../../shared/api/p2p.ts';
import type { User } from '../auth/users.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { EXPIRY_CHOICES } from './p2p-receive-create.ts';

/**
 * `/p2p` — "Send files": choose files (or folders, or drop them), create a share, then show its QR code,
 * link, PIN and recipients; below, the user's shares. `/p2p?share=<token>` opens one share (after a reload
 * or from the list). The page script fills and switches the two panels without leaving the page, so the
 * chosen files stay in memory.
 */
export function sendFilesPage(options: { user: User; share: OwnerSessionView | null; defaultExpiresIn: number }): string {
  const s = options.share;
  const defaultSeconds = EXPIRY_CHOICES.some((c) => c.seconds === options.defaultExpiresIn) ? options.defaultExpiresIn : 86400;
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
          <div class="dropzone" id="dropzone">
            <p class="dropzone__text">Drop files or folders here, or</p>
            <div class="picker-row">
              <label class="button button--primary picker" for="file-input">Choose files</label>
              <input type="file" id="file-input" class="picker__input" multiple>
              <label class="button picker" for="folder-input">Choose a folder</label>
              <input type="file" id="folder-input" class="picker__input" webkitdirectory multiple>
            </div>
          </div>
          <p class="meta" id="chosen-summary" role="status">No files chosen yet.</p>
          <ul class="list chosen-list" id="chosen-list" aria-label="Chosen files"></ul>
          <fieldset class="choice-group">
            <legend>Link expires after</legend>
            <div class="segmented">
              ${EXPIRY_CHOICES.map(
                (c) => html`<label class="segmented__option"><input type="radio" name="expiresIn" value="${c.seconds}"${c.seconds === defaultSeconds ? html` checked` : ''}><span>${c.label}</span></label>`,
              )}
            </div>
          </fieldset>
          <div class="keep-copy" id="keep-copy-block">
            <label class="check"><input type="checkbox" id="keep-copy" name="keepCopy"> Keep a copy in this browser, so the share survives a reload</label>
            <p class="field__hint" id="keep-copy-hint">The files are copied into this browser's private storage in the background and deleted when the share ends. Without a copy, reloading or closing this page stops the share until you choose the files again.</p>
          </div>
          <p class="form__error" role="alert" hidden></p>
          <button type="submit" class="button button--primary button--large" id="create-share">Create share</button>
        </form>
      </section>

      <div id="share"${s ? '' : html` hidden`}>
        <div class="page-head page-head--row">
          <div>
            <p class="breadcrumb"><a href="/p2p" id="new-share">← New share</a></p>
            <h2 class="share-title" id="share-title" tabindex="-1">Sharing files</h2>
          </div>
          <span class="badge badge--live badge--large" id="share-status">Active</span>
        </div>
        <div class="alert alert--warn" id="share-ended" role="alert" hidden></div>
        <section class="card share-card" aria-labelledby="link-heading" id="share-card">
          <h3 id="link-heading" class="visually-hidden">Link, QR code and PIN for the recipient</h3>
          <div class="share-card__qr">
            <div class="qr" id="qr"><span class="meta">QR code…</span></div>
            <p class="meta center">Scan with the phone camera</p>
          </div>
          <div class="share-card__info">
            <div class="pin-block">
              <span class="pin-block__label" id="pin-label">PIN</span>
              <span class="pin" id="pin" aria-labelledby="pin-label">${s?.pin ?? ''}</span>
            </div>
            <label class="field" for="share-url">Link for the recipient</label>
            <div class="share-url">
              <input id="share-url" value="${s?.url ?? ''}" readonly>
              <button type="button" class="button" id="copy-url">Copy link</button>
            </div>
            <p class="meta" id="copy-status" role="status"></p>
            <p class="expiry"><span id="expiry-text"></span></p>
            <div class="button-row">
              <button type="button" class="button" id="reset-pin">Reset PIN</button>
              <button type="button" class="button button--danger" id="cancel-share">Cancel share</button>
              <button type="button" class="button button--ghost" id="enable-notifications" hidden>Notify me about downloads</button>
            </div>
            <div class="confirm" id="cancel-confirm" role="group" aria-labelledby="cancel-question" hidden>
              <p id="cancel-question"><strong>Cancel this share?</strong> The link and PIN stop working and downloads in progress stop.</p>
              <div class="button-row">
                <button type="button" class="button button--danger-solid" id="cancel-yes">Yes, cancel share</button>
                <button type="button" class="button" id="cancel-no">Keep it</button>
              </div>
            </div>
            <p class="form__error" id="share-error" role="alert" hidden></p>
          </div>
        </section>
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
