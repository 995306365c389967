import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/** `/scan` — read a Phuppi link from a QR code with the camera (or a photo of it); guests reach it too. */
export function scanPage(options: { user: User | null; words: PageWords }): string {
  const w = options.words;
  return page({
    title: w.t('scan.title'),
    user: options.user,
    guest: !options.user,
    words: w,
    script: 'scan',
    body: html`<section class="card card--narrow scan">
      <h1>${w.t('scan.title')}</h1>
      <p>${w.t('scan.intro')}</p>
      <div class="scan__viewport" id="viewport" hidden>
        <video id="video" class="scan__video" playsinline muted></video>
        <div class="scan__frame" aria-hidden="true"></div>
      </div>
      <div class="button-row">
        <button type="button" class="button button--primary button--large" id="start-camera">${w.t('scan.start')}</button>
        <button type="button" class="button" id="stop-camera" hidden>${w.t('scan.stop')}</button>
      </div>
      <p class="scan__status" id="scan-status" role="status" aria-live="polite"></p>
      <div class="scan__result" id="scan-result" hidden>
        <p>${w.t('scan.found')} <a id="result-link" href=""></a></p>
      </div>
      <details class="scan__more">
        <summary>${w.t('scan.notWorking')}</summary>
        <p>${w.t('scan.httpsOnly')}</p>
        <label class="button" for="photo-input">${w.t('scan.photo')}</label>
        <input type="file" id="photo-input" class="picker__input" accept="image/*" capture="environment">
        <p class="meta">${w.t('scan.typeLink')}</p>
      </details>
    </section>`,
  });
}
