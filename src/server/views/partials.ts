/**
 * Pieces of markup that the pages of both kinds of session share: the expiry choice and the file chooser of
 * the create forms, the owner's share card (QR code, link, PIN, expiry, controls), the head of an owner's
 * session, the guest page's header and PIN step, and the "link cannot be used" card. The share card's ids
 * come from src/shared/element-ids/owner-pages.ts, which the owner page scripts use too; the other ids and
 * the accessible names are what the page scripts (pin-gate.ts, file-picker.ts) and the tests look for.
 */
import { guestPageIds as id } from '../../shared/element-ids/guest-pages.ts';
import { SHARE_CARD_IDS as IDS } from '../../shared/element-ids/owner-pages.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html, type SafeHtml, withMarkup } from './html.ts';

/** The expiry choices offered when creating a receive session or a share (seconds); 24 hours is the default. */
export const EXPIRY_CHOICES = [
  { seconds: 15 * 60, count: 15, unit: 'view.expiry.minutes' },
  { seconds: 3600, count: 1, unit: 'view.expiry.hours' },
  { seconds: 86400, count: 24, unit: 'view.expiry.hours' },
  { seconds: 7 * 86400, count: 7, unit: 'view.expiry.days' },
] as const;

/** The configured default lifetime when it is one of the choices, else 24 hours. */
export function defaultExpiryChoice(configured: number): number {
  return EXPIRY_CHOICES.some((c) => c.seconds === configured) ? configured : 86400;
}

/** "Link expires after": one radio button per choice, `defaultSeconds` checked. */
export function expiryChoice(defaultSeconds: number, w: PageWords): SafeHtml {
  return html`<fieldset class="choice-group">
            <legend>${w.t('view.expiry.legend')}</legend>
            <div class="segmented">
              ${EXPIRY_CHOICES.map(
                (c) =>
                  html`<label class="segmented__option"><input type="radio" name="expiresIn" value="${c.seconds}"${c.seconds === defaultSeconds ? html` checked` : ''}><span>${w.t(c.unit, { count: c.count })}</span></label>`,
              )}
            </div>
          </fieldset>`;
}

/**
 * Files (several), a folder, or a drop. The folder chooser is a button that makes its input on demand
 * (`'button'`: the page at rest has one file input) or an input of its own (`'input'`).
 */
export function fileChooser(folder: 'button' | 'input', w: PageWords): SafeHtml {
  const folderControl =
    folder === 'button'
      ? html`<button type="button" class="button picker" id="${id.folderButton}">${w.t('guest.chooseFolder')}</button>`
      : html`<label class="button picker" for="folder-input">${w.t('guest.chooseFolder')}</label>
              <input type="file" id="folder-input" class="picker__input" webkitdirectory multiple>`;
  return html`<div class="dropzone" id="${id.dropzone}">
            <p class="dropzone__text">${w.t('guest.dropHere')}</p>
            <div class="picker-row">
              <label class="button button--primary picker" for="${id.fileInput}">${w.t('guest.chooseFiles')}</label>
              <input type="file" id="${id.fileInput}" class="picker__input" multiple>
              ${folderControl}
            </div>
          </div>
          <p class="meta" id="${id.chosenSummary}" role="status">${w.t('picker.none')}</p>
          <ul class="list chosen-list" id="${id.chosenList}" aria-label="${w.t('guest.chosenList')}"></ul>`;
}

/** The head of an owner's session: a way back, the title, the status badge, and the "ended" banner below. */
export function ownerHead(o: {
  back: SafeHtml;
  title: SafeHtml;
  badgeId: string;
  badgeLive: boolean;
  badgeText: string;
  bannerId: string;
}): SafeHtml {
  return html`<div class="page-head page-head--row">
          <div>
            <p class="breadcrumb">${o.back}</p>
            ${o.title}
          </div>
          <span class="badge badge--${o.badgeLive ? 'live' : 'bad'} badge--large" id="${o.badgeId}">${o.badgeText}</span>
        </div>
        <div class="alert alert--warn" id="${o.bannerId}" role="alert" hidden></div>`;
}

export interface ShareCardOptions {
  w: PageWords;
  /** The card's (visually hidden) heading. */
  heading: SafeHtml;
  headingId: string;
  url: string;
  pin: string;
  /** Under the PIN (optional). */
  pinHint?: string;
  /** "Link for the guest", "Link for the recipient". */
  urlLabel: string;
  /** Until the script shows the live countdown. */
  expiryText: string;
  /** "session" or "share": the cancel button is `#cancel-<noun>`, "Cancel <noun>". */
  noun: 'session' | 'share';
  notifyLabel: string;
  /** The QR code's element may carry the URL (`data-url`). */
  qrDataUrl?: boolean;
}

/** The owner's share card: QR code, PIN, link with copy, expiry, "Reset PIN", "Cancel", notifications. */
export function shareCard(o: ShareCardOptions): SafeHtml {
  const w = o.w;
  return html`<section class="card share-card" aria-labelledby="${o.headingId}" id="${IDS.card}">
          ${o.heading}
          <div class="share-card__qr">
            <div class="qr" id="${IDS.qr}"${o.qrDataUrl ? html` data-url="${o.url}"` : ''}><span class="meta">${w.t('view.card.qrLoading')}</span></div>
            <p class="meta center">${w.t('view.card.scanWithPhone')}</p>
          </div>
          <div class="share-card__info">
            <div class="pin-block">
              <span class="pin-block__label" id="${IDS.pinLabel}">${w.t('view.card.pin')}</span>
              <span class="pin" id="${IDS.pin}" aria-labelledby="${IDS.pinLabel}">${o.pin}</span>
              ${o.pinHint ? html`<span class="pin-block__hint">${o.pinHint}</span>` : ''}
            </div>
            <label class="field" for="${IDS.url}">${o.urlLabel}</label>
            <div class="share-url">
              <input id="${IDS.url}" value="${o.url}" dir="ltr" readonly>
              <button type="button" class="button" id="${IDS.copyUrl}">${w.t('view.card.copy')}</button>
            </div>
            <p class="meta" id="${IDS.copyStatus}" role="status"></p>
            <p class="expiry"><span id="${IDS.expiry}">${o.expiryText}</span></p>
            <div class="button-row">
              <button type="button" class="button" id="${IDS.resetPin}">${w.t('view.card.resetPin')}</button>
              <button type="button" class="button button--danger" id="cancel-${o.noun}">${w.t(`view.card.cancel.${o.noun}`)}</button>
              <button type="button" class="button button--ghost" id="${IDS.notifications}" hidden>${o.notifyLabel}</button>
            </div>
            <div class="confirm" id="${IDS.cancelConfirm}" role="group" aria-labelledby="${IDS.cancelQuestion}" hidden>
              <p id="${IDS.cancelQuestion}"><strong>${w.t(`view.card.cancelQuestion.${o.noun}`)}</strong> ${w.t(`view.card.cancelText.${o.noun}`)}</p>
              <div class="button-row">
                <button type="button" class="button button--danger-solid" id="${IDS.cancelYes}">${w.t(`view.card.cancelYes.${o.noun}`)}</button>
                <button type="button" class="button" id="${IDS.cancelNo}">${w.t('view.card.keep')}</button>
              </div>
            </div>
            <p class="form__error" id="${IDS.error}" role="alert" hidden></p>
          </div>
        </section>`;
}

/**
 * The guest page's header: "<eyebrow>" the owner's name, an optional label, and how long the link is valid.
 * Names and labels come from people: each is isolated (`dir="auto"`, `<bdi>` inside a sentence), so one that
 * mixes scripts keeps its own order on a page of the other direction.
 */
export function guestHead(o: {
  w: PageWords;
  eyebrow: string;
  ownerName: string;
  label?: string | null;
  expiresAt: string;
  /** Shown by the page's script in a browser without WebRTC: what cannot be done here, and where it can. */
  unsupported: string;
}): SafeHtml {
  return html`<header class="guest__head">
        <p class="guest__eyebrow">${o.eyebrow}</p>
        <h1 class="guest__title" dir="auto">${o.ownerName}</h1>
        ${o.label ? html`<p class="guest__label" dir="auto">${o.label}</p>` : ''}
        <p class="meta" id="${id.expiryLine}">${withMarkup((vars) => o.w.t('guest.validUntil', vars), { time: html`<time datetime="${o.expiresAt}" id="${id.expiresAt}">${o.expiresAt}</time>` })}</p>
      </header>

      <div class="alert alert--warn" id="${id.unsupported}" role="alert" hidden>${o.unsupported}</div>
      <div class="alert alert--error" id="${id.fatal}" role="alert" tabindex="-1" hidden></div>`;
}

/** Step 1 of a guest page: the field labelled "PIN" (2 digits), its messages, and `after` (a button, say). */
export function pinStep(o: {
  w: PageWords;
  ownerName: string;
  enterKeyHint: 'go' | 'done';
  after?: SafeHtml;
}): SafeHtml {
  const w = o.w;
  return html`<section class="card step" id="${id.pinStep}" aria-labelledby="${id.pinHeading}">
          <h2 id="${id.pinHeading}" class="step__title"><span class="step__num" aria-hidden="true">1</span> ${w.t('guest.pinTitle')}</h2>
          <div class="pin-row">
            <label class="field pin-field" for="${id.pin}">${w.t('guest.pinLabel')}
              <input id="${id.pin}" name="pin" class="pin-input" inputmode="numeric" pattern="[0-9]*" maxlength="2" autocomplete="one-time-code" enterkeyhint="${o.enterKeyHint}" aria-describedby="${id.pinHint} ${id.pinMessage}" required>
            </label>
            <p class="field__hint" id="${id.pinHint}">${withMarkup((vars) => w.t('guest.pinHint', vars), { owner: html`<bdi>${o.ownerName}</bdi>` })}</p>
          </div>
          <p class="pin-message" id="${id.pinMessage}" role="alert" hidden></p>
          <p class="alert alert--ok" id="${id.pinAccepted}" hidden>${w.t('guest.pinAccepted')}</p>
          ${o.after ?? ''}
        </section>`;
}

/** The card shown instead of a page when its link cannot be used (404 / 410 / 403). */
export function problemCard(o: {
  problem: string;
  icon: string;
  title: string;
  text: string;
  action: SafeHtml;
}): SafeHtml {
  return html`<section class="card card--narrow problem" data-problem="${o.problem}">
      <div class="problem__icon" aria-hidden="true">${o.icon}</div>
      <h1>${o.title}</h1>
      <p>${o.text}</p>
      <p>${o.action}</p>
    </section>`;
}
