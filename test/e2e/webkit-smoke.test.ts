/**
 * The guest pages in WebKit, within what this machine offers: Debian's WPE WebKit (headless cog through
 * WPEWebDriver, plain W3C WebDriver) has no WebRTC, so no transfer can run in it. What must hold: both guest
 * pages load and run without a script error, accept the PIN, and tell the guest in plain words that this
 * browser cannot move the files directly and which browsers can. Errors are collected by a script the
 * test's proxy puts first in each page (WebDriver classic has no init scripts; see page-error-proxy.ts).
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { startPageErrorProxy } from '../helpers/page-error-proxy.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchWpe, type WebDriverSession, webkitSkipReason } from '../helpers/webkit.ts';

const skip = webkitSkipReason();

/** The two guest pages: how to make a session for each, and the button that checks the PIN. */
const GUEST_PAGES = [
  {
    name: 'receive guest page (the guest sends)',
    create: async (owner: Client) => {
      const r = await owner.send('POST', '/api/p2p/receive/create', { expiresIn: 900 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { path: `/p2p/receive/${r.body.shortcode}`, pin: r.body.pin as string };
    },
    /** Choose a file and press Send: the page checks the PIN first. */
    submit: async (page: WebDriverSession, file: string) => {
      await page.type('#file-input', file);
      await page.waitFor(
        'the chosen file',
        "return document.querySelector('#chosen-summary').textContent.includes('1 file chosen')",
      );
      await page.click('#send-button');
    },
    unsupported: /can.t send files directly/,
  },
  {
    name: 'share guest page (the guest downloads)',
    create: async (owner: Client) => {
      const files = [{ name: 'notes.txt', size: 6, type: 'text/plain' }];
      const r = await owner.send('POST', '/api/p2p/create', { files, expiresIn: 900 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { path: `/p2p/${r.body.shortcode}`, pin: r.body.pin as string };
    },
    submit: (page: WebDriverSession) => page.click('#get-files'),
    unsupported: /can.t receive files directly/,
  },
];

/** What the page tells a guest in a browser without WebRTC (`#unsupported`). */
const USE_INSTEAD = /Chrome, Firefox, Edge or Safari/;

describe('WebKit (WPE, no WebRTC): the guest pages', { skip }, () => {
  let server: TestServer;
  let owner: Client;
  let proxy: Awaited<ReturnType<typeof startPageErrorProxy>>;
  let wpe: Awaited<ReturnType<typeof launchWpe>>;
  let page: WebDriverSession;
  const file = path.join(tmpdir(), `phuppi-webkit-smoke-${process.pid}.txt`);

  before(async () => {
    server = await startTestServer();
    owner = await new Client(server.url).login();
    proxy = await startPageErrorProxy(server.url, { 'x-forwarded-for': '203.0.113.80' });
    wpe = await launchWpe();
    page = wpe.session;
    writeFileSync(file, 'hello\n');
  });
  after(async () => {
    await wpe?.close();
    await proxy?.close();
    await server?.close();
    rmSync(file, { force: true });
  });

  /** Opens the page fresh and waits until its script has run (it rewrites the expiry line). */
  async function open(guestPage: (typeof GUEST_PAGES)[number]): Promise<string> {
    const session = await guestPage.create(owner);
    await page.navigate(proxy.url + session.path);
    assert.equal(
      await page.execute('return typeof window.__pageErrors'),
      'object',
      'the error collector runs first in the page',
    );
    await page.waitFor(
      "the page's script",
      "return document.querySelector('#expiry-line').textContent.startsWith('Link valid for')",
    );
    return session.pin;
  }

  const pageErrors = () => page.execute<string[]>('return window.__pageErrors');

  test('the browser is WebKit without RTCPeerConnection', async () => {
    await page.navigate(`${proxy.url}/login`);
    const [agent, webrtc] = await page.execute<[string, string]>(
      'return [navigator.userAgent, typeof RTCPeerConnection]',
    );
    assert.match(agent, /AppleWebKit\/.* Safari\//);
    assert.doesNotMatch(agent, /Chrome|Firefox/);
    assert.equal(webrtc, 'undefined', 'this WebKit has WebRTC: give it a real transfer test instead');
  });

  for (const guestPage of GUEST_PAGES) {
    test(`${guestPage.name}: loads without a script error and accepts the PIN`, async () => {
      const pin = await open(guestPage);
      await page.type('#pin', pin);
      await guestPage.submit(page, file);
      await page.waitFor('“✓ PIN accepted”', "return !document.querySelector('#pin-ok').hidden");
      assert.deepEqual(await pageErrors(), [], 'no script errors');
    });

    test(`${guestPage.name}: says plainly that this browser cannot do it and which browsers can`, async () => {
      const pin = await open(guestPage);
      const shown = () =>
        page.execute<string | null>(
          "const e = document.querySelector('#unsupported'); return e && !e.hidden ? e.textContent : null",
        );
      const atLoad = await shown();
      assert.ok(atLoad, 'told at once, before choosing files or typing the PIN');
      assert.match(atLoad, guestPage.unsupported);
      assert.match(atLoad, USE_INSTEAD);
      // The PIN still works (the link is fine: another browser can use it), and nothing pretends otherwise.
      await page.type('#pin', pin);
      await guestPage.submit(page, file);
      await page.waitFor('“✓ PIN accepted”', "return !document.querySelector('#pin-ok').hidden");
      await new Promise((r) => setTimeout(r, 3000));
      assert.match((await shown()) ?? '', USE_INSTEAD, 'still shown after the PIN');
      const text = await page.execute<string>('return document.body.innerText');
      assert.doesNotMatch(
        text,
        /Server unreachable|Reconnecting|Waiting for/,
        'no claim that the server or owner is away',
      );
      assert.deepEqual(await pageErrors(), [], 'no script errors');
    });
  }
});
