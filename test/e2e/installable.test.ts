/**
 * Installable on phones and desktops, in real Chromium: the web app manifest and its icons, Chromium's own
 * installability check, and the service worker's offline shell. Network first is proven by a receive link
 * that the owner cancels while the browser is offline: back online, the page says so (never a stale copy).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AxeAudit } from '../helpers/axe.ts';
import { browserSkipReason, launchPersistent } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose: string;
}

/** A PNG's width and height, from its IHDR chunk (bytes 16–23, big-endian). */
function pngSize(bytes: Buffer): string {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG signature');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** Waits until the page's service worker is active and controls what this origin opens next. */
async function serviceWorkerState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active as ServiceWorker;
    if (worker.state !== 'activated')
      await new Promise((resolve) => worker.addEventListener('statechange', resolve, { once: true }));
    return `${worker.state} ${new URL(registration.scope).pathname} ${new URL(worker.scriptURL).pathname}`;
  });
}

/** Every URL the service worker has stored, across its caches. */
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    return paths.sort();
  });
}

async function offlineShellShown(page: Page, where: string): Promise<void> {
  assert.equal(await page.locator('h1').textContent(), 'You are offline', where);
  assert.match(await page.locator('main').innerText(), /needs its server to start or join a session/, where);
  assert.match(await page.title(), /^Offline · Phuppi P2P$/, where);
  // Its stylesheet came from the cache too: the page has the app's background, not the browser's white.
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(background, 'rgb(245, 247, 251)', where);
}

describe('installable app and offline shell', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  test('the manifest is served at a stable URL, every page links it, and its icons are what it says', async () => {
    const response = await fetch(`${server.url}/manifest.webmanifest`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/manifest\+json(;|$)/);
    const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
    assert.equal(manifest.name, 'Phuppi P2P');
    assert.equal(typeof manifest.short_name, 'string');
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.scope, '/');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.theme_color, '#2f5bd3');
    assert.equal(manifest.background_color, '#f5f7fb');
    const declared = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort();
    assert.deepEqual(declared, ['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const file = await fetch(server.url + icon.src);
      assert.equal(file.status, 200, icon.src);
      assert.equal(file.headers.get('content-type'), icon.type, icon.src);
      assert.equal(pngSize(Buffer.from(await file.arrayBuffer())), icon.sizes, icon.src);
    }

    const login = await (await fetch(`${server.url}/login`)).text();
    assert.match(login, /<link rel="manifest" href="\/manifest.webmanifest">/);
    const sw = await fetch(`${server.url}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(sw.headers.get('service-worker-allowed'), '/');
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
  });

  test('Chromium finds it installable; offline, pages show the shell; online again, the live page', {
    timeout: 60_000,
  }, async () => {
    const owner = await new Client(server.url).login();
    const receive = await owner.send('POST', '/api/p2p/receive/create', {});
    assert.equal(receive.status, 201);
    const receiveLink = `${server.url}/p2p/receive/${receive.body.shortcode}`;

    // A profile on disk: Chromium installs nothing from an incognito window.
    const { context, close } = await launchPersistent();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      assert.match(page.url(), /\/login$/);
      assert.equal(await serviceWorkerState(page), 'activated / /sw.js');
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'Chromium would offer to install the app');

      await page.goto(receiveLink);
      await page.getByLabel('PIN', { exact: true }).waitFor();

      await context.setOffline(true);
      for (const target of [`${server.url}/`, receiveLink]) {
        await page.goto(target);
        await offlineShellShown(page, target);
      }
      // What is not a navigation is left to the network, which is down: no stored answer for it.
      const api = await page.evaluate(() =>
        fetch('/api/p2p/receive/nope').then(
          (r) => `answered ${r.status}`,
          () => 'failed',
        ),
      );
      assert.equal(api, 'failed');
      const audit = new AxeAudit();
      await audit.check(page, 'offline page');
      audit.assertClean();

      // Only the offline page and its own files were ever stored: no visited page, link or API answer.
      const precached = await cachedPaths(page);
      assert.ok(precached.includes('/offline'), precached.join(' '));
      const unexpected = precached.filter((p) => p !== '/offline' && !p.startsWith('/assets/'));
      assert.deepEqual(unexpected, []);
      assert.equal(precached.length, 7, precached.join(' '));

      // The owner cancels the link while the guest is offline: back online, the guest sees it at once.
      assert.equal((await owner.send('DELETE', `/api/p2p/receive/${receive.body.token}`)).status, 200);
      await context.setOffline(false);
      await page.goto(receiveLink);
      assert.equal(await page.locator('h1').textContent(), 'This link was cancelled');
      await page.goto(`${server.url}/`);
      assert.match(page.url(), /\/login$/);
      assert.equal(await page.getByLabel('Username').count(), 1);
    } finally {
      await close();
    }
  });
});
