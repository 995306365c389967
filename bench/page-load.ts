/**
 * `npm run bench:pageload [-- --rounds=N]`: the pages a guest opens, loaded as a phone on "Fast 3G" sees them —
 * 360 × 640 with touch, CDP `Network.emulateNetworkConditions` at DevTools' Fast 3G (562.5 ms per request,
 * 180,000 B/s down, 84,375 B/s up; test/helpers/page-load.ts). Pages: the receive session's guest page (the link
 * page, then its PIN accepted), the share's guest page, and the login page. Each round uses a new browser context:
 *   1. first visit: an empty HTTP cache and no service worker (a new context is both);
 *   2. second visit: the same context again, its HTTP cache and the service worker (registered by the first visit,
 *      throttled the same way) warm.
 * Per page and visit it prints the bytes that crossed the network (CDP `Network.loadingFinished` encoded lengths),
 * the requests, and the time until usable — the form's field visible and enabled and its submit button enabled by
 * the page's script, on a rendered frame — the median of `--rounds` (5), against the 3 s target.
 */
import { cpus, loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import {
  FAST_3G,
  GUEST_PIN,
  LOGIN_FORM,
  type LoadFigures,
  loadUntilUsable,
  type MeasuredPage,
  measuredPage,
  SHARE_GUEST_PIN,
  submitUntilShown,
  type UsableWhen,
} from '../test/helpers/page-load.ts';
import { type AppPages, option, runPageBench } from './app-pages.ts';
import { percentile } from './server-process.ts';

const ROUNDS = Math.max(1, Number(option('rounds') ?? 5));
const PHONE_360 = { width: 360, height: 640 };
const TARGET_MS = 3000;

interface Measured {
  label: string;
  figures: LoadFigures[];
}

/** A share of `file` opened on a second tab of the owner's browser; answers its guest URL. */
async function createShare(app: AppPages, file: string): Promise<string> {
  const tab = await app.owner.context().newPage();
  await tab.goto(`${app.server.url}/p2p`);
  await tab.locator('#file-input').setInputFiles(file);
  await tab.getByText('1 file chosen').waitFor();
  await tab.getByRole('button', { name: 'Create share' }).click();
  await tab.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
  return app.server.url + new URL(await tab.locator('#share-url').inputValue()).pathname;
}

/**
 * The network profile on the page's service worker too — it fetches the pages it controls itself, and CDP's
 * emulation on a page does not reach a worker's requests — and the worker's bytes counted with the page's.
 * Attached through the browser's own CDP session (the worker is not a page Playwright offers a session for).
 */
async function throttleServiceWorker(m: MeasuredPage): Promise<void> {
  await m.page.evaluate(
    `Promise.race([navigator.serviceWorker.ready, new Promise((_, no) => setTimeout(() => no(new Error('no service worker')), 20000))])`,
  );
  const browser = await (m.page.context().browser() as Browser).newBrowserCDPSession();
  const { targetInfos } = await browser.send('Target.getTargets');
  const origin = new URL(m.page.url()).origin;
  // The guests' browser has this one context open: its service worker is the one of this origin.
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(origin));
  if (!worker) throw new Error('the service worker is registered but not running');
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  browser.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const message = JSON.parse(e.message) as { method?: string; params?: { requestId: string } };
    if (message.method && message.params) m.tally.workerEvent(message.method, message.params);
  });
  const commands = [
    ['Network.enable', {}],
    ['Network.emulateNetworkConditions', { offline: false, ...FAST_3G }],
  ] as const;
  for (const [n, [method, params]] of commands.entries())
    await browser.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: n + 1, method, params }),
    });
}

async function visitTwice(
  app: AppPages,
  url: string,
  when: UsableWhen,
  after?: (m: MeasuredPage) => Promise<LoadFigures>,
): Promise<{ first: LoadFigures; second: LoadFigures; after?: LoadFigures }> {
  const context = await app.newGuestContext(PHONE_360);
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    const m = await measuredPage(page, when, FAST_3G);
    const first = await loadUntilUsable(m, url);
    const afterFigures = after ? await after(m) : undefined;
    // The second visit is a new tab's: a tab keeps an accepted PIN for its own reloads (sessionStorage).
    await page.evaluate(() => sessionStorage.clear());
    await throttleServiceWorker(m);
    const second = await loadUntilUsable(m, url);
    return { first, second, ...(afterFigures ? { after: afterFigures } : {}) };
  } finally {
    await context.close();
  }
}

function report(rows: Measured[]): void {
  const med = (values: number[]) => percentile(values, 50);
  console.log(`# medians of ${ROUNDS}; target: usable within ${TARGET_MS / 1000} s on Fast 3G`);
  for (const { label, figures } of rows) {
    const ms = med(figures.map((f) => f.usableMs));
    const bytes = med(figures.map((f) => f.bytes));
    const requests = med(figures.map((f) => f.requests));
    console.log(
      `#   ${label.padEnd(46)} ${(bytes / 1024).toFixed(1).padStart(6)} KiB ${String(requests).padStart(3)} requests ` +
        `usable ${ms.toFixed(0).padStart(5)} ms (${Math.min(...figures.map((f) => f.usableMs)).toFixed(0)}–` +
        `${Math.max(...figures.map((f) => f.usableMs)).toFixed(0)})  ${ms < TARGET_MS ? 'met' : 'NOT met'}`,
    );
  }
}

runPageBench('notes.pdf', 200 * 1024, async (app, file) => {
  console.log(
    `# ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Chromium ${app.browserVersion}; load average ${loadavg()[0]?.toFixed(1)}; ` +
      `${PHONE_360.width} × ${PHONE_360.height} with touch, Fast 3G (${FAST_3G.latency} ms, ${FAST_3G.downloadThroughput} B/s down, ${FAST_3G.uploadThroughput} B/s up)`,
  );
  const session = await app.createSession();
  const shareUrl = await createShare(app, file);
  const rows = {
    receiveFirst: { label: 'receive-guest, first visit', figures: [] as LoadFigures[] },
    receivePin: { label: 'receive-guest, PIN submit → PIN accepted', figures: [] as LoadFigures[] },
    receiveSecond: { label: 'receive-guest, second visit', figures: [] as LoadFigures[] },
    shareFirst: { label: 'share-guest, first visit', figures: [] as LoadFigures[] },
    shareSecond: { label: 'share-guest, second visit', figures: [] as LoadFigures[] },
    loginFirst: { label: 'login, first visit', figures: [] as LoadFigures[] },
    loginSecond: { label: 'login, second visit', figures: [] as LoadFigures[] },
  } satisfies Record<string, Measured>;
  const pinAccepted = (m: MeasuredPage) =>
    submitUntilShown(m, GUEST_PIN, '#pin-ok', async () => {
      await m.page.locator('#pin').fill(session.pin);
      await m.page.locator('#send-button').click();
    });
  for (let n = 1; n <= ROUNDS; n++) {
    const receive = await visitTwice(app, session.guestUrl, GUEST_PIN, pinAccepted);
    const share = await visitTwice(app, shareUrl, SHARE_GUEST_PIN);
    const login = await visitTwice(app, `${app.server.url}/login`, LOGIN_FORM);
    rows.receiveFirst.figures.push(receive.first);
    rows.receivePin.figures.push(receive.after as LoadFigures);
    rows.receiveSecond.figures.push(receive.second);
    rows.shareFirst.figures.push(share.first);
    rows.shareSecond.figures.push(share.second);
    rows.loginFirst.figures.push(login.first);
    rows.loginSecond.figures.push(login.second);
    const line = (f: LoadFigures) => `${(f.bytes / 1024).toFixed(1)} KiB/${f.requests} req ${f.usableMs.toFixed(0)} ms`;
    console.log(
      `round ${n} of ${ROUNDS}: receive-guest ${line(receive.first)} | PIN ${line(receive.after as LoadFigures)} | ` +
        `again ${line(receive.second)}; share-guest ${line(share.first)} | again ${line(share.second)}; ` +
        `login ${line(login.first)} | again ${line(login.second)}`,
    );
  }
  report(Object.values(rows));
});
