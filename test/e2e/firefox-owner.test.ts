/**
 * The owner in Firefox ESR (headless, via puppeteer-core), guests in Chromium (playwright-core), on the real
 * app pages: a Chromium guest sends files into a Firefox owner's receive session (stored in Firefox's OPFS),
 * and a Firefox owner shares files (kept as a copy in Firefox's OPFS, served from that copy after a reload)
 * to a Chromium guest. The other halves, Firefox guest and Chromium owner, are in cross-browser.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ElementHandle, Page as FirefoxPage } from 'puppeteer-core';
import { sanitizeFileName } from '../../src/shared/file-names.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { firefoxSkipReason, launchFirefox } from '../helpers/firefox.ts';
import { MiB, saveByLink, setFiles, sha256, type TestFile, useP2pFlow, waitFor } from '../helpers/p2p-flow.ts';
import { ADMIN } from '../helpers/server.ts';

const skip = browserSkipReason() || firefoxSkipReason();

describe('cross-browser: Firefox owners and Chromium guests', { skip }, () => {
  const flow = useP2pFlow({
    tmpPrefix: 'phuppi-firefox-owner-',
    addressPrefix: '198.51.100',
    ownerLabel: 'owner (Chromium, unused)',
  });

  test('a Chromium guest sends two files into a Firefox owner’s receive session, same SHA-256', {
    timeout: 120_000,
  }, async () => {
    const files = [
      flow.diskFile('Отчёт 報告 ✓.txt', Buffer.from('Привет, 世界! To a Firefox owner.\n'.repeat(50))),
      flow.diskFile('random-8MiB.bin', randomBytes(8 * MiB)),
    ];
    const downloads = mkdtempSync(path.join(tmpdir(), 'phuppi-firefox-owner-downloads-'));
    try {
      await asFirefoxOwner('/p2p/receive', { downloadDir: downloads }, async (owner) => {
        // The owner (Firefox) creates a receive session and waits.
        await clickButton(owner, 'Create receive session');
        await owner.waitForFunction(() => /^\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/.test(location.pathname), {
          timeout: 15_000,
        });
        const link = await guestLink(owner);

        // The guest (Chromium) enters the PIN, chooses the files and sends.
        const guest = await flow.guestPage(link.url);
        await guest.getByLabel('PIN', { exact: true }).fill(link.pin);
        await setFiles(guest.locator('#file-input'), files);
        await guest.getByText('2 files chosen').waitFor();
        await guest.getByRole('button', { name: 'Send', exact: true }).click();
        await guest.locator('#success-heading', { hasText: 'All 2 files arrived' }).waitFor({ timeout: 60_000 });
        await guest.close();

        // Firefox stored them in its own OPFS (not in memory), and offers each as a link.
        await owner.waitForSelector('#download-all[data-count="2"]', { timeout: 15_000 });
        const kinds = await owner.evaluate(() =>
          Object.values(JSON.parse(localStorage.getItem('phuppi.receive.transfers') ?? '{}')).map(
            (entry) => (entry as { storage: string }).storage,
          ),
        );
        assert.deepEqual(kinds, ['opfs'], 'the Firefox owner received into OPFS');
        // Each file saved the way a person would: a click on its link, into the download folder.
        for (const f of files) {
          await owner.evaluate(
            (n) =>
              [...document.querySelectorAll<HTMLAnchorElement>('a.file-link')].find((a) => a.download === n)?.click(),
            sanitizeFileName(f.name),
          );
        }
        await waitForDownloads(downloads, files);
      });
      for (const f of files)
        assert.equal(
          sha256(readFileSync(path.join(downloads, sanitizeFileName(f.name)))),
          sha256(f.data),
          `${f.name}: same SHA-256`,
        );
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
  });

  test('a Firefox owner shares two files from the copy kept in its OPFS; a Chromium guest downloads them, same SHA-256', {
    timeout: 120_000,
  }, async () => {
    const files = [
      flow.diskFile('Фото 写真 ✓.txt', Buffer.from('Привет, 世界! From a Firefox owner.\n'.repeat(50))),
      flow.diskFile('random-12MiB.bin', randomBytes(12 * MiB)),
    ];
    await asFirefoxOwner('/p2p', {}, async (owner) => {
      // The owner (Firefox) chooses the files, keeps a copy in this browser and creates the share.
      const input = (await owner.$('#file-input')) as ElementHandle<HTMLInputElement> | null;
      assert.ok(input, 'a file input');
      await input.uploadFile(...files.map((f) => f.path!));
      await waitForText(owner, '2 files chosen');
      await owner.locator('#keep-copy').click();
      await clickButton(owner, 'Create share');
      await owner.waitForFunction(() => /^\?share=[A-Za-z0-9_-]+$/.test(location.search), { timeout: 15_000 });
      await waitForText(owner, 'A copy is kept in this browser', 60_000);
      // Reopened, the page has no File objects left: what the guest gets comes out of Firefox's OPFS.
      await owner.goto(owner.url());
      await waitForText(owner, 'The files were restored from the copy kept in this browser');
      const link = await guestLink(owner);

      // The guest (Chromium) enters the PIN and downloads; each file saved by its link.
      const guest = await flow.guestPage(link.url, { acceptDownloads: true });
      await guest.getByLabel('PIN', { exact: true }).fill(link.pin);
      await guest.getByRole('button', { name: 'Get the files' }).click();
      await guest.locator('a.file-link').nth(1).waitFor({ timeout: 60_000 });
      for (const f of files) {
        const { data } = await saveByLink(guest, sanitizeFileName(f.name));
        assert.equal(sha256(data), sha256(f.data), `${f.name}: same SHA-256`);
      }
      await guest.close();
      await owner.waitForSelector('.guest-card[data-phase="done"]', { timeout: 15_000 });
    });
  });

  /**
   * A fresh headless Firefox logged in as the owner at `pathname`; runs `steps` there. Dialogs are accepted
   * and the page's warnings printed; no page errors allowed.
   */
  async function asFirefoxOwner(
    pathname: string,
    options: { downloadDir?: string },
    steps: (owner: FirefoxPage) => Promise<void>,
  ): Promise<void> {
    const firefox = await launchFirefox(options);
    try {
      const owner = await firefox.browser.newPage();
      const errors: string[] = [];
      owner.on('pageerror', (e) => errors.push(String(e)));
      owner.on('dialog', (d) => void d.accept());
      owner.on('console', (m) => {
        if (m.type() === 'warn' || m.type() === 'error') console.error(`[owner (Firefox) console] ${m.text()}`);
      });
      await owner.setViewport({ width: 1280, height: 800 });
      await owner.goto(`${flow.server.url}/login?next=${encodeURIComponent(pathname)}`);
      assert.match(await owner.evaluate(() => navigator.userAgent), /Firefox\//, 'the owner really is Firefox');
      await owner.locator('#username').fill(ADMIN.username);
      await owner.locator('#password').fill(ADMIN.password);
      await clickButton(owner, 'Log in');
      await owner.waitForFunction((p) => location.pathname === p, { timeout: 15_000 }, pathname);
      await steps(owner);
      assert.deepEqual(errors, [], 'no page errors in Firefox');
    } finally {
      await firefox.close();
    }
  }

  /** The PIN and the guest URL an owner page shows (its URL may name the LAN address; the server listens on 127.0.0.1). */
  async function guestLink(owner: FirefoxPage): Promise<{ pin: string; url: string }> {
    await owner.waitForFunction(() => /^\d{2}$/.test(document.querySelector('#pin')?.textContent?.trim() ?? ''), {
      timeout: 15_000,
    });
    const pin = await owner.$eval('#pin', (e) => (e.textContent ?? '').trim());
    const shareUrl = await owner.$eval('#share-url', (e) => (e as HTMLInputElement).value);
    return { pin, url: flow.server.url + new URL(shareUrl).pathname };
  }
});

/** Click the enabled button named `name` (waiting for it: buttons stay disabled until the page's script runs). */
async function clickButton(page: FirefoxPage, name: string): Promise<void> {
  const button = await page.waitForFunction(
    (n) => [...document.querySelectorAll('button')].find((b) => !b.disabled && b.textContent?.trim() === n) ?? false,
    { timeout: 15_000, polling: 100 },
    name,
  );
  await (button as ElementHandle<HTMLButtonElement>).click();
}

async function waitForText(page: FirefoxPage, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((t) => document.body.innerText.includes(t), { timeout, polling: 250 }, text);
}

/** Every file complete in `dir` (Firefox writes a download under its own name once it is whole). */
async function waitForDownloads(dir: string, files: TestFile[]): Promise<void> {
  for (const f of files) {
    const saved = path.join(dir, sanitizeFileName(f.name));
    await waitFor(async () => existsSync(saved) && statSync(saved).size === f.data.length, 30_000);
  }
}
