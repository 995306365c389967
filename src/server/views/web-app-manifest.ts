import { assetUrl } from './assets.ts';

/** Light theme colours of src/client/styles/app.css: the brand blue and the page background (--bg). */
export const THEME_COLOR = '#2f5bd3';
const BACKGROUND_COLOR = '#f5f7fb';

/** The web app manifest that makes the app installable on phones and desktops. */
export function webAppManifest(): object {
  return {
    name: 'Phuppi P2P',
    short_name: 'Phuppi',
    description: 'Send and receive files straight from browser to browser.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: assetUrl('icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: assetUrl('icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: assetUrl('icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
