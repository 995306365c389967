// Renders the app icons the web app manifest names (src/client/icons/*.png) from src/client/styles/favicon.svg
// in headless Chromium, so they stay the favicon's design. Run it after changing the favicon and commit the
// PNGs: the build only copies them. `node scripts/render-icons.mjs` (CHROME_PATH overrides /usr/bin/chromium).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = readFileSync(path.join(root, 'src', 'client', 'styles', 'favicon.svg'), 'utf8');
const svgUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
// The favicon's own blue: a maskable icon is cropped to any shape, so it fills the square edge to edge.
const BRAND_BLUE = '#2f5bd3';

const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  // The launcher may cut a maskable icon down to the central circle of 80% diameter: the mark sits inside it.
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

function iconPage({ size, maskable }) {
  const mark = maskable ? Math.round(size * 0.75) : size;
  const background = maskable ? BRAND_BLUE : 'transparent';
  return `<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background}">
<img src="${svgUrl}" width="${mark}" height="${mark}" alt=""></body></html>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(iconPage(icon));
    await page.waitForFunction(() => document.images[0]?.complete);
    await page.screenshot({
      path: path.join(root, 'src', 'client', 'icons', icon.file),
      omitBackground: !icon.maskable,
    });
    await page.close();
    console.log(`src/client/icons/${icon.file}: ${icon.size}×${icon.size}`);
  }
} finally {
  await browser.close();
}
