/**
 * Firefox ESR (from apt) driven headless through puppeteer-core over WebDriver BiDi, for cross-browser
 * tests against Chromium. Playwright's own Firefox build is not available here, and playwright-core cannot
 * drive stock Firefox, hence puppeteer-core
 * for this side only.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export function firefoxPath(): string {
  return process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
}

/**
 * Whether Firefox tests can run. A missing Firefox skips with a loud warning — also under CI=true, unless
 * PHUPPI_REQUIRE_FIREFOX=1 says the machine was meant to have it (then it fails loudly).
 * Use as `describe('…', { skip: firefoxSkipReason() }, …)`.
 */
export function firefoxSkipReason(): string | false {
  if (existsSync(firefoxPath())) return false;
  const message = `Firefox ESR not found at ${firefoxPath()} (set FIREFOX_PATH or apt-get install -y firefox-esr)`;
  if (process.env.CI === 'true' && process.env.PHUPPI_REQUIRE_FIREFOX === '1') throw new Error(message);
  console.warn(`\n*** SKIPPING Firefox tests: ${message} ***\n`);
  return message;
}

export const FIREFOX_PREFS: Record<string, unknown> = {
  // Offer real interface addresses instead of .local mDNS names nothing here resolves (as for Chromium).
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Nothing reaches the internet: no update checks, telemetry or captive-portal probes.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** Prefs that make a download (a click on a link with `download`) land in `dir` without asking. */
function downloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
}

/** Headless Firefox in a fresh profile directory, removed on close; downloads go to `downloadDir` if given. */
export async function launchFirefox(
  options: { downloadDir?: string } = {},
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'phuppi-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      userDataDir,
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...(options.downloadDir ? downloadPrefs(options.downloadDir) : {}) },
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
