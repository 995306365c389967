/**
 * One page load as a phone on a slow network sees it, through CDP: the bytes that crossed the network (the sum of
 * `Network.loadingFinished`'s encoded lengths: compressed bodies and headers), how many requests, and when the page
 * became usable — its form's field visible and enabled, and its submit button enabled by the page's script (the
 * server renders it `disabled data-awaits-script`; src/client/ui/page.ts's `onSubmit` enables it once the handler
 * is on), on a frame the browser rendered (so render-blocking CSS counts). `bench:pageload` times it on "Fast 3G";
 * the transfer budget test (test/unit/page-transfer-budget.test.ts) counts its bytes only.
 */
import type { CDPSession, Page } from 'playwright-core';
import { PredefinedNetworkConditions } from 'puppeteer-core';

/** CDP `Network.emulateNetworkConditions`' figures: latency in ms per request, throughputs in bytes per second. */
export interface NetworkProfile {
  latency: number;
  downloadThroughput: number;
  uploadThroughput: number;
}

/**
 * Chromium DevTools' "Fast 3G" (the same figures as Lighthouse's mobile throttling): 562.5 ms per request,
 * 1.6 Mbit/s × 0.9 down (180,000 B/s), 750 kbit/s × 0.9 up (84,375 B/s), taken from Puppeteer, which follows
 * DevTools' NetworkManager.ts.
 */
export const FAST_3G: NetworkProfile = {
  latency: PredefinedNetworkConditions['Fast 3G'].latency,
  downloadThroughput: PredefinedNetworkConditions['Fast 3G'].download,
  uploadThroughput: PredefinedNetworkConditions['Fast 3G'].upload,
};

/** What makes a page usable: a field a person types into, and the submit button the page's script enables. */
export interface UsableWhen {
  field: string;
  submit: string;
}

export const GUEST_PIN: UsableWhen = { field: '#pin', submit: '#send-button' };
export const SHARE_GUEST_PIN: UsableWhen = { field: '#pin', submit: '#get-files' };
export const LOGIN_FORM: UsableWhen = { field: '#username', submit: '#login-form button[type="submit"]' };

export interface LoadFigures {
  /** Encoded bytes received (bodies as sent, headers included). */
  bytes: number;
  requests: number;
  /** From `start` (the navigation's start, or a mark the caller set) to usable, in ms. */
  usableMs: number;
}

/**
 * In the page, from its first script on: `__usable.at`, `performance.now()` at the first rendered frame on which
 * the page was usable. Checked on every DOM change and every frame until then.
 */
function usableObserver(when: UsableWhen): string {
  return `(() => {
  const when = ${JSON.stringify(when)};
  const state = (window.__usable = { at: null, since: 0 });
  const shown = (e) => e && !e.disabled && e.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const usable = () => {
    const submit = document.querySelector(when.submit);
    return shown(document.querySelector(when.field)) && shown(submit) && !submit.hasAttribute('data-awaits-script');
  };
  const frame = () => {
    if (state.at !== null) return;
    if (usable()) state.at = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;
}

/** Counts what crosses the network for `page` from now on; `Network` is enabled on `cdp`. */
export class NetworkTally {
  #bytes = 0;
  #requests = new Set<string>();
  #workerRequests = new Set<string>();
  #foundLate: string[] = [];

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('data:')) return;
      this.#requests.add(e.requestId);
      if ((e.type === 'Script' || e.type === 'Stylesheet') && e.initiator.type !== 'parser')
        this.#foundLate.push(e.request.url);
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (this.#requests.has(e.requestId)) this.#bytes += e.encodedDataLength;
    });
  }

  /**
   * A CDP `Network` event of the page's service worker: what it fetched for the page crossed the network (the
   * page itself sees those answers as coming from the worker, with no bytes). Its requests are the page's own,
   * already counted.
   */
  workerEvent(method: string, params: { requestId: string; encodedDataLength?: number }): void {
    if (method === 'Network.requestWillBeSent') this.#workerRequests.add(params.requestId);
    else if (method === 'Network.loadingFinished' && this.#workerRequests.delete(params.requestId))
      this.#bytes += params.encodedDataLength ?? 0;
  }

  /** The figures since the last `reset`. */
  read(): { bytes: number; requests: number } {
    return { bytes: this.#bytes, requests: this.#requests.size };
  }

  /**
   * Scripts and style sheets the page asked for that its HTML did not name — found only once a script ran (a
   * module's imports), so they cost a round trip more.
   */
  foundLate(): string[] {
    return [...this.#foundLate];
  }

  reset(): void {
    this.#bytes = 0;
    this.#requests.clear();
    this.#workerRequests.clear();
    this.#foundLate = [];
  }
}

export interface MeasuredPage {
  page: Page;
  cdp: CDPSession;
  tally: NetworkTally;
}

/**
 * Prepares `page` for measured loads: the usable-observer in every document it loads, `Network` on, and the
 * network emulated as `network` (none: loopback as it is).
 */
export async function measuredPage(page: Page, when: UsableWhen, network?: NetworkProfile): Promise<MeasuredPage> {
  await page.addInitScript(usableObserver(when));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  return { page, cdp, tally: new NetworkTally(cdp) };
}

/**
 * Navigates to `url` and answers the load's figures once the page is usable and its `load` event fired (so the
 * bytes include everything the page loads at start). `usableMs` counts from the navigation's start.
 */
export async function loadUntilUsable(m: MeasuredPage, url: string, timeoutMs = 60_000): Promise<LoadFigures> {
  m.tally.reset();
  await m.page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  const usableMs = (await m.page
    .waitForFunction(() => (window as unknown as { __usable: { at: number | null } }).__usable.at, undefined, {
      timeout: timeoutMs,
    })
    .then((h) => h.jsonValue())) as number;
  return { ...m.tally.read(), usableMs };
}

/**
 * Runs `act` (which submits the page's form) and answers the figures from the submit until `shown` is visible on
 * a rendered frame with `when.submit` enabled again — e.g. the PIN accepted and the files step usable.
 */
export async function submitUntilShown(
  m: MeasuredPage,
  when: UsableWhen,
  shown: string,
  act: () => Promise<void>,
  timeoutMs = 60_000,
): Promise<LoadFigures> {
  await m.page.evaluate(`(() => {
    const state = (window.__step = { from: null, ms: null });
    const ready = () => {
      const e = document.querySelector(${JSON.stringify(shown)});
      const submit = document.querySelector(${JSON.stringify(when.submit)});
      return e && e.checkVisibility() && submit && !submit.disabled;
    };
    const frame = () => {
      if (ready()) state.ms = performance.now() - state.from;
      else requestAnimationFrame(frame);
    };
    document.addEventListener('submit', () => {
      state.from = performance.now();
      // After the submit handler ran (it disables the button while it checks).
      setTimeout(() => requestAnimationFrame(frame));
    }, { capture: true, once: true });
  })()`);
  m.tally.reset();
  await act();
  const usableMs = (await m.page
    .waitForFunction(() => (window as unknown as { __step: { ms: number | null } }).__step.ms, undefined, {
      timeout: timeoutMs,
    })
    .then((h) => h.jsonValue())) as number;
  return { ...m.tally.read(), usableMs };
}
