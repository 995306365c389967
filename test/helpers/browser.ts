import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Offer real interface addresses instead of .local mDNS names nothing here resolves.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export function chromiumPath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

/**
 * Whether browser tests can run. Under CI=true a missing Chromium fails loudly instead of skipping.
 * Use as `test('…', { skip: browserSkipReason() }, …)`.
 */
export function browserSkipReason(): string | false {
  if (existsSync(chromiumPath())) return false;
  const message = `Chromium not found at ${chromiumPath()} (set CHROME_PATH or apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPING browser tests: ${message}`);
  return message;
}

/**
 * Harness pages answered by Playwright's `page.route` count as coming from a public address, so Chromium's
 * Local Network Access checks block their WebSocket to 127.0.0.1. App pages really served by the app are
 * same-origin and need no such flag; only harness-based tests pass `{ harness: true }`.
 */
export const HARNESS_ARGS = [
  ...CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')),
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
];

export function launchBrowser(options: { harness?: boolean } = {}): Promise<Browser> {
  const args = options.harness ? HARNESS_ARGS : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: chromiumPath(), args, headless: true });
}

/** A non-incognito profile (OPFS on disk, as for a real user), in a fresh user-data-dir removed on close. */
export async function launchPersistent(
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<{ context: BrowserContext; userDataDir: string; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    ...options,
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The pages' (and their workers') own warnings — failed dials, dropped links, lock waits — in the test output,
 * so a slow or failed run explains itself. */
export function forwardWarnings(page: Page, label: string): void {
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error')
      console.error(`[${label} console ${message.type()}] ${message.text()}`);
  });
}
