import { themeSwitchIds } from '../../shared/element-ids/theme-switch.ts';
import type { User } from '../auth/user-repository.ts';
import { assetManifest, assetUrl } from './assets.ts';
import { html, type SafeHtml } from './html.ts';

export interface PageOptions {
  title: string;
  user: User | null;
  /** The page's script entry (src/client/pages/<name>.ts), if it has one. */
  script?: string;
  /** Small JSON the page script needs, handed over in a data attribute (no inline script under the CSP). */
  data?: unknown;
  /** Guest pages show no app navigation. */
  guest?: boolean;
  body: SafeHtml;
}

function nav(user: User | null): SafeHtml {
  if (!user) return html``;
  return html`<nav class="app-nav" aria-label="Main">
    <a href="/p2p/receive">Receive</a>
    <a href="/p2p">Send</a>
    ${user.isAdmin ? html`<a href="/admin/users">Users</a>` : ''}
    <a href="/account">Account</a>
    <span class="app-nav__user">${user.username}</span>
    <button type="button" class="link-button" data-action="logout">Log out</button>
  </nav>`;
}

/** System / Light / Dark; hidden until src/client/theme/theme.ts (which remembers the choice) wires it up. */
function themeSwitch(): SafeHtml {
  return html`<div class="theme-switch" id="${themeSwitchIds.container}" hidden>
    <label for="${themeSwitchIds.select}">Theme</label>
    <select id="${themeSwitchIds.select}">
      <option value="system">System</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  </div>`;
}

export function page(options: PageOptions): string {
  const assets = JSON.stringify(assetManifest());
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="color-scheme" content="light dark">
  <meta name="theme-color" content="#2f5bd3">
  <title>${options.title} · Phuppi P2P</title>
  <link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
  <script src="${assetUrl('theme.js')}"></script>
  <link rel="stylesheet" href="${assetUrl('app.css')}">
  ${options.script ? html`<script type="module" src="${assetUrl(`${options.script}.js`)}"></script>` : ''}
</head>
<body data-assets="${assets}" data-page="${JSON.stringify(options.data ?? null)}">
  <header class="app-header">
    <a class="brand" href="${options.user ? '/p2p/receive' : '/'}"><span class="brand__mark" aria-hidden="true">⇄</span> Phuppi <span class="brand__p2p">P2P</span></a>
    <div class="app-header__end">
      ${options.guest ? '' : nav(options.user)}
      ${themeSwitch()}
    </div>
  </header>
  <main id="main" class="app-main">
    ${options.script ? html`<noscript><p class="alert alert--warn">This page needs JavaScript: files go from browser to browser through it. Turn JavaScript on and reload.</p></noscript>` : ''}
    ${options.body}
  </main>
  <footer class="app-footer">Files go straight from browser to browser; they never touch this server.</footer>
</body>
</html>`.value;
}
