import type { PageWords } from '../i18n/translations.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

/**
 * The offline shell: the service worker keeps it at install and shows it for a page that cannot be loaded
 * without the network. Its "Try again" link has an empty href, so it reloads the address that failed.
 */
export function offlinePage(words: PageWords): string {
  return page({
    title: words.t('offline.title'),
    user: null,
    guest: true,
    words,
    body: html`<section class="card card--narrow problem">
      <h1>${words.t('offline.heading')}</h1>
      <p>${words.t('offline.text')}</p>
      <p><a class="button" href="">${words.t('offline.retry')}</a></p>
    </section>`,
  });
}
