/**
 * What the benchmarks through the real pages share (`bench:ttfb`, `bench:guests`): the built server as a child
 * process, an owner in a Chromium of its own (a persistent profile: OPFS on disk, its renderers' memory
 * measurable) on the receive session's waiting page, and guests at phone size in a second Chromium, each in
 * its own context and from its own client address. The pages are the app's own, unchanged: what the benchmarks
 * time, scripts added to the pages observe — the DOM, and the owner's storage worker's "written" answers —
 * recording `performance.timeOrigin + performance.now()`, one clock for all pages of this machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, forwardWarnings } from '../test/helpers/browser.ts';
import { rendererRss } from '../test/helpers/chromium-processes.ts';
import { DESKTOP, logIn, PHONE } from '../test/helpers/p2p-flow.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

/**
 * In the owner's pages: `__bench.firstWritten`, when the storage worker first said it wrote file bytes (the
 * first byte stored); per guest card (by `data-guest-id`), when its progress text first showed bytes (the
 * first byte the owner sees), when it started receiving, and when it said all files were received and verified.
 */
const OWNER_OBSERVER = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = (window.__bench = { firstWritten: null, cards: {} });
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (bench.firstWritten === null && m && m.ev === 'written' && m.bytes > 0) bench.firstWritten = now();
      });
    }
  };
  const scan = () => {
    for (const card of document.querySelectorAll('.guest-card')) {
      const c = (bench.cards[card.dataset.guestId] ??= { firstShown: null, receiving: null, done: null });
      const shown = /^\\d+% · (.+?) of /.exec(card.querySelector('.progress-text')?.textContent ?? '');
      if (c.firstShown === null && shown && shown[1] !== '0 B') c.firstShown = now();
      if (c.receiving === null && card.dataset.phase === 'receiving') c.receiving = now();
      if (c.done === null && card.dataset.phase === 'done') c.done = now();
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

/**
 * In a guest's page: `__bench.submitted`, the last press of Send; `connected`, when it first said "Connected to";
 * `arrived`, when it showed that the owner has the files (received and verified).
 */
const GUEST_OBSERVER = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = (window.__bench = { submitted: null, connected: null, arrived: null });
  document.addEventListener('submit', () => { bench.submitted = now(); }, true);
  new MutationObserver(() => {
    const status = document.getElementById('transfer-status')?.textContent ?? '';
    if (bench.connected === null && status.startsWith('Connected to')) bench.connected = now();
    const success = document.getElementById('success');
    if (bench.arrived === null && success && !success.hidden) bench.arrived = now();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

export interface CardMarks {
  firstShown: number | null;
  receiving: number | null;
  done: number | null;
}

export interface GuestMarks {
  submitted: number | null;
  connected: number | null;
  arrived: number | null;
}

export interface ReceiveSession {
  pin: string;
  guestUrl: string;
  /** The session's API base, `/api/p2p/receive/<token>`. */
  apiUrl: string;
}

export interface AppPages {
  server: ServerProcess;
  owner: Page;
  /** The owner's Chromium profile (for its renderers' memory). */
  ownerDir: string;
  browserVersion: string;
  /** Opens a new receive session on the owner's page, which then waits on it. */
  createSession(): Promise<ReceiveSession>;
  /**
   * A new guest's browser context: phone size (`viewport`, else 390 × 844) with touch, from its own address.
   * Closed by `close`, or earlier by the caller.
   */
  newGuestContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** A guest's page on `url`: phone size with touch, in its own context, from its own address. */
  openGuest(url: string): Promise<GuestPage>;
  ownerMarks(): Promise<{ firstWritten: number | null; cards: Record<string, CardMarks> }>;
  /** Forgets the first-written mark (before the next guest's first byte). */
  resetFirstWritten(): Promise<void>;
  /** What the owner's pages stored in this browser so far (received files), removed; call between rounds. */
  clearOwnerStorage(): Promise<void>;
  ownerRendererRss(): number;
  close(): Promise<void>;
}

export interface GuestPage {
  page: Page;
  marks(): Promise<GuestMarks>;
  close(): Promise<void>;
}

export async function startAppPages(): Promise<AppPages> {
  // Benchmarks admit more guests per minute than the default allows one session.
  const server = await startServerProcess({ PHUPPI_MAX_ADMISSIONS_PER_MINUTE: '1000' });
  const ownerDir = mkdtempSync(path.join(tmpdir(), 'phuppi-bench-owner-'));
  let ownerContext: BrowserContext | undefined;
  let guests: Browser | undefined;
  try {
    ownerContext = await chromium.launchPersistentContext(ownerDir, {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: DESKTOP,
    });
    await ownerContext.addInitScript(OWNER_OBSERVER);
    guests = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  } catch (e) {
    await ownerContext?.close();
    await server.stop();
    throw e;
  }
  const guestBrowser = guests;
  const context = ownerContext;
  const owner = context.pages()[0] ?? (await context.newPage());
  owner.on('dialog', (d) => void d.accept());
  owner.on('pageerror', (e) => console.error('[owner page error]', e.message));
  forwardWarnings(owner, 'owner');
  await owner.goto(`${server.url}/login?next=${encodeURIComponent('/p2p/receive')}`);
  await logIn(owner);
  await owner.waitForURL(`${server.url}/p2p/receive`);

  let addresses = 0;
  const guestContexts = new Set<BrowserContext>();
  const newGuestContext = async (viewport = PHONE) => {
    const ctx = await guestBrowser.newContext({
      viewport,
      isMobile: true,
      hasTouch: true,
      extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++addresses % 250}` },
    });
    guestContexts.add(ctx);
    ctx.on('close', () => guestContexts.delete(ctx));
    return ctx;
  };

  return {
    server,
    owner,
    ownerDir,
    browserVersion: guestBrowser.version(),
    async createSession() {
      await owner.goto(`${server.url}/p2p/receive`);
      await owner.getByRole('button', { name: 'Create receive session' }).click();
      await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
      const pin = ((await owner.locator('#pin').textContent()) ?? '').trim();
      const shareUrl = await owner.locator('#share-url').inputValue();
      const token = new URL(owner.url()).pathname.split('/')[3] as string;
      // The share URL may name the LAN address; the server listens on 127.0.0.1.
      return { pin, guestUrl: server.url + new URL(shareUrl).pathname, apiUrl: `/api/p2p/receive/${token}` };
    },
    newGuestContext,
    async openGuest(url) {
      const ctx = await newGuestContext();
      await ctx.addInitScript(GUEST_OBSERVER);
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error('[guest page error]', e.message));
      forwardWarnings(page, 'guest');
      await page.goto(url);
      // Send is enabled once the page's script runs.
      await page.locator('#send-button:not([disabled])').waitFor();
      return {
        page,
        marks: () => page.evaluate('window.__bench') as Promise<GuestMarks>,
        close: () => ctx.close(),
      };
    },
    ownerMarks: () => owner.evaluate('window.__bench') as Promise<Awaited<ReturnType<AppPages['ownerMarks']>>>,
    async resetFirstWritten() {
      await owner.evaluate('window.__bench.firstWritten = null');
    },
    async clearOwnerStorage() {
      // Off the waiting page first, so no storage worker holds a file open.
      await owner.goto(`${server.url}/p2p/receive`);
      await owner.evaluate(`navigator.storage.getDirectory().then((root) =>
        root.removeEntry('phuppi-transfers', { recursive: true }).catch(() => {}))`);
    },
    ownerRendererRss: () => rendererRss(ownerDir),
    async close() {
      for (const ctx of guestContexts) await ctx.close().catch(() => {});
      await guestBrowser.close();
      await context.close();
      await server.stop();
      rmSync(ownerDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `read` answers a non-null value (polling every 20 ms), or fails naming `what` after `ms`. */
export async function waitForMark<T>(read: () => Promise<T | null>, what: string, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not seen within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The value of the command line's `--<name>=<value>`, if given. */
export function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/**
 * Runs a benchmark through the app's pages: a temporary file of `size` random bytes named `fileName`, the app,
 * then `bench`; the file and the app are gone afterwards, and the process exits 0, or 1 after printing the error.
 */
export function runPageBench(
  fileName: string,
  size: number,
  bench: (app: AppPages, file: string) => Promise<void>,
): void {
  const run = async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'phuppi-bench-pages-'));
    try {
      const file = path.join(work, fileName);
      writeFileSync(file, randomBytes(size));
      const app = await startAppPages();
      try {
        await bench(app, file);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  run().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
