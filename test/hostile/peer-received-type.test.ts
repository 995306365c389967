/**
 * A received file must never run as script on the app's origin. A hostile guest declares `text/html` or
 * `image/svg+xml` for files whose bytes are script; the owner's waiting page offers each as a link, and the
 * owner opens it in a new tab ("Open link in new tab" ignores the link's `download` attribute). A document
 * loaded from a blob: URL of our origin would have the owner's origin and login, outside the page's CSP.
 * Forward, a hostile sharing owner does the same to the guest's download page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { guestPeerId, useHostileFlow } from '../helpers/hostile-peer.ts';

const skip = browserSkipReason();

/** Script that leaves a marker in the origin's storage and calls a URL the test watches. */
const mark = (who: string) => `localStorage.setItem('ran-${who}', '1'); fetch('/__ran/${who}');`;

const FILES = [
  { name: 'notes.html', type: 'text/html', body: `<!doctype html><p>notes</p><script>${mark('html')}</script>` },
  { name: 'invoice.pdf', type: 'text/html', body: `<script>${mark('pdf')}</script>` },
  {
    name: 'picture.svg',
    type: 'image/svg+xml',
    body: `<svg xmlns="http://www.w3.org/2000/svg" onload="${mark('svg-onload')}"><script>${mark('svg')}</script></svg>`,
  },
];

describe('a hostile peer: received files never run as script', { skip }, () => {
  const flow = useHostileFlow();

  /** Opens `href` as a new tab would, in the owner's context; answers what the tab's document is, if any. */
  async function openInNewTab(owner: Page, href: string): Promise<string> {
    const tab = await owner.context().newPage();
    try {
      const [download] = await Promise.all([
        tab.waitForEvent('download', { timeout: 5000 }).catch(() => null),
        tab.goto(href).catch(() => null),
      ]);
      if (download) return 'download';
      return (await tab.evaluate(() => document.contentType).catch(() => 'none')) ?? 'none';
    } finally {
      await new Promise((r) => setTimeout(r, 500));
      await tab.close();
    }
  }

  /** Opens every file's link (named `linkName(file)`) in a new tab; asserts no script ran in `page`'s origin. */
  async function openEachInNewTab(page: Page, linkName: (name: string) => string): Promise<void> {
    const ran: string[] = [];
    await page.context().route('**/__ran/**', (route) => {
      ran.push(route.request().url());
      return route.fulfill({ status: 204 });
    });
    const shown: Record<string, string> = {};
    for (const f of FILES) {
      const href = (await page
        .getByRole('link', { name: linkName(f.name), exact: true })
        .getAttribute('href')) as string;
      assert.match(href, /^blob:/);
      shown[f.name] = await openInNewTab(page, href);
    }
    const marks = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ran-')));
    assert.deepEqual(
      { marks, ran },
      { marks: [], ran: [] },
      `a received file ran script in our origin (opened as ${JSON.stringify(shown)})`,
    );
    for (const [name, how] of Object.entries(shown))
      assert.ok(how === 'download' || how === 'application/octet-stream', `${name} opened as ${how}`);
  }

  test('reverse: notes.html, an invoice.pdf declared text/html and an SVG with script, opened in a new tab, run nothing', async () => {
    const session = await flow.receiveSession();
    const owner = await flow.waitingPage(session.token);
    const bad = await flow.hostilePeer();
    await bad.joinAsGuest(session.url, session.pin);
    await bad.handshake('sender');
    await bad.offer(FILES.map((f) => ({ name: f.name, size: Buffer.byteLength(f.body), type: f.type })));
    for (const [i, f] of FILES.entries()) {
      await bad.sendFile(i, Buffer.from(f.body));
      await bad.waitFor('file-ok', { where: (m) => m.index === i });
    }
    await openEachInNewTab(owner, (name) => `Save ${name}`);
  });

  test("forward: the same files from a hostile sharing owner, opened from the guest's download page, run nothing", async () => {
    const created = await flow.owner.send('POST', '/api/p2p/create', {
      files: FILES.map((f) => ({ name: f.name, size: Buffer.byteLength(f.body), type: f.type })),
    });
    assert.equal(created.status, 201);
    const guest = await (await flow.context()).newPage();
    await guest.goto(`${flow.server.url}/p2p/${created.body.shortcode}`);
    await guest.getByLabel('PIN', { exact: true }).fill(created.body.pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();

    const bad = await flow.hostilePeer();
    await bad.dialGuest(await guestPeerId(flow.owner, `/api/p2p/${created.body.token}`));
    await bad.handshake('sender');
    await bad.offer(FILES.map((f) => ({ name: f.name, size: Buffer.byteLength(f.body), type: f.type })));
    for (const [i, f] of FILES.entries()) {
      await bad.sendFile(i, Buffer.from(f.body));
      await bad.waitFor('file-ok', { where: (m) => m.index === i });
    }
    await openEachInNewTab(guest, (name) => `Download ${name}`);
  });
});
