/**
 * What the end-to-end tests of both directions share: the real app and one Chromium, an owner's browser
 * context (desktop size, logged in on demand), guests in their own contexts (phone size, each from its own
 * client address), files on disk or in memory, downloads with their SHA-256, screenshots for the docs, QR
 * decoding, and the count of bytes the server read (which must stay far below the file bytes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { forwardWarnings, launchBrowser } from './browser.ts';
import { ADMIN, startTestServer, type TestServer } from './server.ts';

// jsQR is a UMD bundle: required as CommonJS it is the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

export const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const MiB = 1024 * 1024;

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A PIN that is surely wrong. */
export const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');

/**
 * A faulty network in a page (as an init script, or evaluated in a loaded page): flips one byte of the first
 * file data the page sends (after the 16-byte frame header), so that file's SHA-256 check fails once.
 */
export const DAMAGE_ONE_FRAME = `(() => {
  const send = RTCDataChannel.prototype.send;
  let damaged = false;
  RTCDataChannel.prototype.send = function (data) {
    if (!damaged && typeof data !== 'string' && data.byteLength > 4096) {
      damaged = true;
      const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const copy = view.slice();
      copy[1000] ^= 0xff;
      return send.call(this, copy);
    }
    return send.call(this, data);
  };
})();`;

/**
 * Slow-disk init scripts patch the page's `Blob` reads, but init scripts do not run in workers: refusing the read
 * worker's script makes the sender read on its page, as where no worker starts, so the patch slows it.
 */
export const readOnThePage = (context: BrowserContext) =>
  context.route(/\/read-worker-[^/]+\.js$/, (route) => route.abort());

export interface TestFile {
  name: string;
  data: Buffer;
  /** On disk (large files, names the file system allows), else handed over as a buffer. */
  path?: string;
}

/** Hand `files` to a file input: those on disk by path, the others as buffers. */
export async function setFiles(input: Locator, files: TestFile[]): Promise<void> {
  const onDisk = files.filter((f) => f.path).map((f) => f.path!);
  const inMemory = files.filter((f) => !f.path).map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: f.data }));
  if (onDisk.length) await input.setInputFiles(onDisk);
  if (inMemory.length) await input.setInputFiles(inMemory);
}

/** Fill in the login form the page shows. */
export async function logIn(page: Page, who: { username: string; password: string } = ADMIN): Promise<void> {
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Log in from `base`'s login page and arrive at `pathname`, where it sends the user next. */
export async function logInTo(page: Page, base: string, pathname: string, who = ADMIN): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(pathname)}`);
  await logIn(page, who);
  await page.waitForURL(`${base}${pathname}`);
}

/** Save one file by clicking its link (an ordinary download); returns the download and its bytes. */
export async function saveByLink(page: Page, name: string): Promise<{ download: Download; data: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return { download, data: readFileSync(await download.path()) };
}

/**
 * Presses "Download all" and returns the ZIP. `via: 'picker'` is desktop Chromium's way: the ZIP streams into
 * the file a person picks in the save dialog — a file in the page's origin file system stands in for that
 * choice (same API), read back out afterwards. `via: 'download'` is the way of browsers without that dialog
 * (phones, Firefox, Safari): an ordinary download. Headless Chromium has the dialog but closes it at once,
 * so each test says which it means.
 */
export async function downloadAllZip(page: Page, via: 'picker' | 'download'): Promise<{ name: string; data: Buffer }> {
  const button = page.getByRole('button', { name: /^Download all/ });
  const status = page.locator('#zip-status');
  if (via === 'download') {
    await page.evaluate('delete window.showSaveFilePicker');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    await status.filter({ hasText: 'saved to your downloads' }).waitFor();
    return { name: download.suggestedFilename(), data: readFileSync(await download.path()) };
  }
  await page.evaluate(`window.showSaveFilePicker = async ({ suggestedName }) =>
    (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });`);
  await button.click();
  await status.filter({ hasText: /saved as “.+”/ }).waitFor({ timeout: 60_000 });
  const name = ((await status.textContent()) ?? '').match(/saved as “(.+)”/)?.[1] as string;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(async (n) => {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle(n)).getFile();
      const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(file), download: n });
      document.body.append(a);
      a.click();
      a.remove();
    }, name),
  ]);
  return { name, data: readFileSync(await download.path()) };
}

/** A full-page screenshot into docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The same screenshot in the dark theme, into docs/screenshots/<name>-dark.png; the page follows the system after. */
export async function screenshotDark(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: null });
}

/** What the QR code in `qr` (as drawn on screen) decodes to. */
export async function readQr(qr: Locator): Promise<string | undefined> {
  const png = PNG.sync.read(await qr.screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
    ?.data;
}

export interface GuestPageOptions {
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
  /** Accept `beforeunload` and other dialogs. */
  acceptDialogs?: boolean;
  /** A script to run in every page of the context before the page's own. */
  initScript?: string;
  /** The browser's language (its Accept-Language and `navigator.language`), e.g. "ar-EG". */
  locale?: string;
}

export interface P2pFlow {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A temporary folder for files on disk, removed at the end. */
  readonly dir: string;
  /** The owner's context: desktop size, downloads accepted; logged in by `ownerPage`. */
  readonly ownerContext: BrowserContext;
  /** Bytes the HTTP server read so far, over every socket (HTTP, SSE and the /peerjs WebSocket). */
  bytesRead(): number;
  /** A fresh client address for the next guest. */
  nextIp(): string;
  /** A file written into `dir`. */
  diskFile(name: string, data: Buffer): TestFile;
  /** A new page of the owner at `pathname`, logged in if the app asked; waits for the heading. */
  ownerPage(pathname: string, heading: string): Promise<Page>;
  /** A guest's page at `url` in a context of its own (phone size unless told), from its own address. */
  guestPage(url: string, options?: GuestPageOptions): Promise<Page>;
}

/**
 * Starts the app and Chromium before the suite and closes everything after it (call inside `describe`).
 * `addressPrefix` is the first three parts of the guests' addresses, e.g. "203.0.113".
 */
export function useP2pFlow(o: {
  tmpPrefix: string;
  addressPrefix: string;
  ownerLabel: string;
  /** Configuration for the app, read when it starts (after the suite's earlier `before` hooks ran). */
  env?: () => Record<string, string>;
}): P2pFlow {
  let server: TestServer;
  let browser: Browser;
  let dir: string;
  let ownerContext: BrowserContext;
  const contexts: BrowserContext[] = [];
  const sockets = new Set<Socket>();
  let ipCounter = 0;

  before(async () => {
    server = await startTestServer(o.env?.());
    server.running.app.server.on('connection', (socket: Socket) => sockets.add(socket));
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), o.tmpPrefix));
    mkdirSync(SCREENSHOTS, { recursive: true });
    ownerContext = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await ownerContext?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const flow: P2pFlow = {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    get dir() {
      return dir;
    },
    get ownerContext() {
      return ownerContext;
    },
    bytesRead: () => [...sockets].reduce((sum, s) => sum + s.bytesRead, 0),
    nextIp: () => `${o.addressPrefix}.${++ipCounter}`,
    diskFile(name, data) {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      return { name, data, path: p };
    },
    async ownerPage(pathname, heading) {
      const page = await ownerContext.newPage();
      page.on('dialog', (d) => void d.accept());
      page.on('pageerror', (e) => console.error(`[${o.ownerLabel} page error]`, e));
      forwardWarnings(page, o.ownerLabel);
      await page.goto(`${server.url}${pathname}`);
      if (page.url().includes('/login')) {
        await logIn(page);
        await page.waitForURL(`**${pathname}`);
      }
      await page.getByRole('heading', { name: heading }).waitFor();
      return page;
    },
    async guestPage(url, options = {}) {
      const viewport = options.viewport ?? PHONE;
      const context = await browser.newContext({
        viewport,
        isMobile: viewport === PHONE,
        hasTouch: viewport === PHONE,
        ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
        ...(options.locale ? { locale: options.locale } : {}),
        extraHTTPHeaders: { 'x-forwarded-for': flow.nextIp() },
      });
      if (options.initScript) await context.addInitScript(options.initScript);
      contexts.push(context);
      const page = await context.newPage();
      if (options.acceptDialogs) page.on('dialog', (d) => void d.accept());
      page.on('pageerror', (e) => console.error('[guest page error]', e));
      forwardWarnings(page, 'guest');
      await page.goto(url);
      return page;
    },
  };
  return flow;
}

/** Wait until `check` resolves true (polling), or fail after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
