import { languageSwitchIds } from '../../shared/element-ids/language-switch.ts';
import { themeSwitchIds } from '../../shared/element-ids/theme-switch.ts';
import { direction, LANGUAGE_NAMES, LANGUAGES } from '../../shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../shared/i18n/catalogues.ts';
import type { User } from '../auth/user-repository.ts';
import type { PageWords } from '../i18n/translations.ts';
import { assetManifest, assetUrl } from './assets.ts';
import { html, type SafeHtml } from './html.ts';
import { THEME_COLOR } from './web-app-manifest.ts';

/** The dark theme's page background (--bg in src/client/styles/app.css), for the browser's own bars. */
const DARK_THEME_COLOR = '#0f131b';

export interface PageOptions {
  /** Text only (a <title> holds no markup): a name in it is isolated with `isolate` (src/shared/isolate.ts). */
  title: string;
  user: User | null;
  /** The page's script entry (src/client/pages/<name>.ts), if it has one. */
  script?: string;
  /** Small JSON the page script needs, handed over in a data attribute (no inline script under the CSP). */
  data?: unknown;
  /** Guest pages show no app navigation. */
  guest?: boolean;
  body: SafeHtml;
  /** The page's language (src/server/i18n/language-choice.ts picks it for the request). */
  words: PageWords;
}

function nav(user: User | null, w: PageWords): SafeHtml {
  if (!user) return html``;
  return html`<nav class="app-nav" aria-label="${w.t('view.nav.label')}">
    <a href="/p2p/receive">${w.t('view.nav.receive')}</a>
    <a href="/p2p">${w.t('view.nav.send')}</a>
    ${user.isAdmin ? html`<a href="/admin/users">${w.t('view.nav.users')}</a>` : ''}
    <a href="/account">${w.t('view.nav.account')}</a>
    <span class="app-nav__user" dir="auto">${user.username}</span>
    <button type="button" class="link-button" data-action="logout">${w.t('view.nav.logout')}</button>
  </nav>`;
}

/** System / Light / Dark; hidden until src/client/theme/theme.ts (which remembers the choice) wires it up. */
function themeSwitch(w: PageWords): SafeHtml {
  return html`<div class="theme-switch" id="${themeSwitchIds.container}" hidden>
    <label for="${themeSwitchIds.select}">${w.t('theme.label')}</label>
    <select id="${themeSwitchIds.select}">
      <option value="system">${w.t('theme.system')}</option>
      <option value="light">${w.t('theme.light')}</option>
      <option value="dark">${w.t('theme.dark')}</option>
    </select>
  </div>`;
}

/**
 * The language picker: a GET form, so it works without script (src/server/i18n/language-choice.ts remembers the
 * choice and comes back to this page). Each language is named in itself, marked with its own `lang`; so the
 * label ("Language", in a language the guest may not read) is for screen readers only.
 */
function languageSwitch(w: PageWords): SafeHtml {
  const ids = languageSwitchIds;
  return html`<form class="language-switch" id="${ids.form}" method="get" action="">
    <label class="visually-hidden" for="${ids.select}">${w.t('language.label')}</label>
    <select id="${ids.select}" name="lang">
      ${LANGUAGES.map(
        (language) =>
          html`<option value="${language}" lang="${language}" dir="${direction(language)}"${language === w.language ? html` selected` : ''}>${LANGUAGE_NAMES[language]}</option>`,
      )}
    </select>
    <button type="submit" class="button button--small" id="${ids.submit}">${w.t('language.change')}</button>
  </form>`;
}

export function page(options: PageOptions): string {
  const assets = JSON.stringify(assetManifest());
  const w = options.words;
  // The page scripts' messages, in this page's language only (src/client/ui/words.ts reads them); the owner
  // pages' own messages never weigh on a guest's page.
  const { browser, owner } = CATALOGUES[w.language];
  const messages = JSON.stringify(options.guest ? browser : { ...browser, ...owner });
  return html`<!doctype html>
<html lang="${w.language}" dir="${direction(w.language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="color-scheme" content="light dark">
  <meta name="theme-color" content="${THEME_COLOR}" media="(prefers-color-scheme: light)">
  <meta name="theme-color" content="${DARK_THEME_COLOR}" media="(prefers-color-scheme: dark)">
  <title>${options.title} · Phuppi P2P</title>
  <link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
  <link rel="manifest" href="/manifest.webmanifest">
  <link rel="apple-touch-icon" href="${assetUrl('icon-192.png')}">
  <script src="${assetUrl('theme.js')}"></script>
  <link rel="stylesheet" href="${assetUrl('app.css')}">
  ${options.script ? html`<script type="module" src="${assetUrl(`${options.script}.js`)}"></script>` : ''}
</head>
<body data-assets="${assets}" data-page="${JSON.stringify(options.data ?? null)}" data-messages="${messages}">
  <header class="app-header">
    <a class="brand" href="${options.user ? '/p2p/receive' : '/'}"><span class="brand__mark" aria-hidden="true">⇄</span> Phuppi <span class="brand__p2p">P2P</span></a>
    <div class="app-header__end">
      ${options.guest ? '' : nav(options.user, w)}
      ${languageSwitch(w)}
      ${themeSwitch(w)}
    </div>
  </header>
  <main id="main" class="app-main">
    ${options.script ? html`<noscript><p class="alert alert--warn">${w.t('layout.noscript')}</p></noscript>` : ''}
    ${options.body}
  </main>
  <footer class="app-footer">${w.t('layout.footer')}</footer>
</body>
</html>`.value;
}
