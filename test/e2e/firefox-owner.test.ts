/**
 * The owner in Firefox ESR (headless, via puppeteer-core), guests in Chromium (playwright-core) and in
 * Firefox, on the real app pages: a guest sends files into a Firefox owner's receive session (stored in
 * Firefox's OPFS), and a Firefox owner shares files (kept as a copy in Firefox's OPFS, served from that copy
 * after a reload) to a guest. Firefox guests with a Chromium owner are in cross-browser.test.ts.
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

/** The PIN and the guest URL (on the test server) an owner page shows. */
interface GuestLink {
  pin: string;
  url: string;
}

/** A guest's browser: it sends `files` through the receive guest page, or downloads them from the share guest page. */
interface Guest {
  name: string;
  send(link: GuestLink, files: TestFile[]): Promise<void>;
  /** The bytes of each file, saved by its link as a person would. */
  download(link: GuestLink, files: TestFile[]): Promise<Buffer[]>;
}

describe('cross-browser: Firefox owners, Chromium and Firefox guests', { skip }, () => {
  const flow = useP2pFlow({
    tmpPrefix: 'phuppi-firefox-owner-',
    addressPrefix: '198.51.100',
    ownerLabel: 'owner (Chromium, unused)',
  });

  const chromiumGuest: Guest = {
    name: 'Chromium',
    async send(link, files) {
      const guest = await flow.guestPage(link.url);
      await guest.getByLabel('PIN', { exact: true }).fill(link.pin);
      await setFiles(guest.locator('#file-input'), files);
      await guest.getByText(`${files.length} files chosen`).waitFor();
      await guest.getByRole('button', { name: 'Send', exact: true }).click();
      await guest
        .locator('#success-heading', { hasText: `All ${files.length} files arrived` })
        .waitFor({ timeout: 60_000 });
      await guest.close();
    },
    async download(link, files) {
      const guest = await flow.guestPage(link.url, { acceptDownloads: true });
      await guest.getByLabel('PIN', { exact: true }).fill(link.pin);
      await guest.getByRole('button', { name: 'Get the files' }).click();
      await guest
        .locator('a.file-link')
        .nth(files.length - 1)
        .waitFor({ timeout: 60_000 });
      const saved: Buffer[] = [];
      for (const f of files) saved.push((await saveByLink(guest, sanitizeFileName(f.name))).data);
      await guest.close();
      return saved;
    },
  };

  const firefoxGuest: Guest = {
    name: 'Firefox',
    async send(link, files) {
      await asFirefox('guest', link.url, {}, async (guest) => {
        await guest.locator('#pin').fill(link.pin);
        await chooseFiles(guest, files);
        await guest.locator('#send-button').click();
        await waitForText(guest, `All ${files.length} files arrived`, 60_000);
      });
    },
    async download(link, files) {
      return inDownloadDir(async (dir) => {
        await asFirefox('guest', link.url, { downloadDir: dir }, async (guest) => {
          await guest.locator('#pin').fill(link.pin);
          await guest.locator('#get-files').click();
          await guest.waitForFunction(
            (n) => document.querySelectorAll('a.file-link').length === n,
            {
              timeout: 60_000,
              polling: 250,
            },
            files.length,
          );
          await saveAllByLinks(guest, dir, files);
        });
      }, files);
    },
  };

  for (const guest of [chromiumGuest, firefoxGuest]) {
    test(`a ${guest.name} guest sends two files into a Firefox owner’s receive session, same SHA-256`, {
      timeout: 120_000,
    }, async () => {
      const files = [
        flow.diskFile(
          'Отчёт 報告 ✓.txt',
          Buffer.from(`Привет, 世界! From ${guest.name} to a Firefox owner.\n`.repeat(50)),
        ),
        flow.diskFile('random-8MiB.bin', randomBytes(8 * MiB)),
      ];
      const saved = await inDownloadDir(async (dir) => {
        await asFirefoxOwner('/p2p/receive', { downloadDir: dir }, async (owner) => {
          // The owner (Firefox) creates a receive session and waits; the guest enters the PIN and sends.
          await clickButton(owner, 'Create receive session');
          await owner.waitForFunction(() => /^\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/.test(location.pathname), {
            timeout: 15_000,
          });
          await guest.send(await guestLink(owner), files);

          // Firefox stored them in its own OPFS (not in memory), and offers each as a link.
          await owner.waitForSelector('#download-all[data-count="2"]', { timeout: 15_000 });
          const kinds = await owner.evaluate(() =>
            Object.values(JSON.parse(localStorage.getItem('phuppi.receive.transfers') ?? '{}')).map(
              (entry) => (entry as { storage: string }).storage,
            ),
          );
          assert.deepEqual(kinds, ['opfs'], 'the Firefox owner received into OPFS');
          await saveAllByLinks(owner, dir, files);
        });
      }, files);
      assertSameFiles(saved, files);
    });

    test(`a Firefox owner shares two files from the copy kept in its OPFS; a ${guest.name} guest downloads them, same SHA-256`, {
      timeout: 120_000,
    }, async () => {
      const files = [
        flow.diskFile(
          'Фото 写真 ✓.txt',
          Buffer.from(`Привет, 世界! From a Firefox owner to ${guest.name}.\n`.repeat(50)),
        ),
        flow.diskFile('random-12MiB.bin', randomBytes(12 * MiB)),
      ];
      await asFirefoxOwner('/p2p', {}, async (owner) => {
        // The owner (Firefox) chooses the files, keeps a copy in this browser and creates the share.
        await chooseFiles(owner, files);
        await owner.locator('#keep-copy').click();
        await clickButton(owner, 'Create share');
        await owner.waitForFunction(() => /^\?share=[A-Za-z0-9_-]+$/.test(location.search), { timeout: 15_000 });
        await waitForText(owner, 'A copy is kept in this browser', 60_000);
        // Reopened, the page has no File objects left: what the guest gets comes out of Firefox's OPFS.
        await owner.goto(owner.url());
        await waitForText(owner, 'The files were restored from the copy kept in this browser');

        const saved = await guest.download(await guestLink(owner), files);
        assertSameFiles(saved, files);
        await owner.waitForSelector('.guest-card[data-phase="done"]', { timeout: 15_000 });
      });
    });
  }

  /** A fresh headless Firefox logged in as the owner at `pathname`; runs `steps` there. */
  function asFirefoxOwner(
    pathname: string,
    options: { downloadDir?: string },
    steps: (owner: FirefoxPage) => Promise<void>,
  ): Promise<void> {
    return asFirefox(
      'owner',
      `${flow.server.url}/login?next=${encodeURIComponent(pathname)}`,
      options,
      async (owner) => {
        await owner.locator('#username').fill(ADMIN.username);
        await owner.locator('#password').fill(ADMIN.password);
        await clickButton(owner, 'Log in');
        await owner.waitForFunction((p) => location.pathname === p, { timeout: 15_000 }, pathname);
        await steps(owner);
      },
    );
  }

  /**
   * A fresh headless Firefox (desktop size) at `url`, running `steps` as `role`: dialogs accepted, warnings
   * printed, no page errors allowed.
   */
  async function asFirefox(
    role: 'owner' | 'guest',
    url: string,
    options: { downloadDir?: string },
    steps: (page: FirefoxPage) => Promise<void>,
  ): Promise<void> {
    const firefox = await launchFirefox(options);
    try {
      const page = await firefox.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('dialog', (d) => void d.accept());
      page.on('console', (m) => {
        if (m.type() === 'warn' || m.type() === 'error') console.error(`[${role} (Firefox) console] ${m.text()}`);
      });
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(url);
      assert.match(await page.evaluate(() => navigator.userAgent), /Firefox\//, `the ${role} really is Firefox`);
      await steps(page);
      assert.deepEqual(errors, [], `no page errors in the ${role}'s Firefox`);
    } finally {
      await firefox.close();
    }
  }

  /** The PIN and the guest URL an owner page shows (its URL may name the LAN address; the server listens on 127.0.0.1). */
  async function guestLink(owner: FirefoxPage): Promise<GuestLink> {
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

function assertSameFiles(saved: Buffer[], files: TestFile[]): void {
  for (const [i, f] of files.entries()) assert.equal(sha256(saved[i]!), sha256(f.data), `${f.name}: same SHA-256`);
}

/** Chooses `files` (on disk) in the page's file input and waits until the page lists them. */
async function chooseFiles(page: FirefoxPage, files: TestFile[]): Promise<void> {
  const input = (await page.$('#file-input')) as ElementHandle<HTMLInputElement> | null;
  assert.ok(input, 'a file input');
  await input.uploadFile(...files.map((f) => f.path!));
  await waitForText(page, `${files.length} files chosen`);
}

/**
 * Each file saved the way a person would: a click on its link, into Firefox's download folder `dir`; waits
 * until each is whole there.
 */
async function saveAllByLinks(page: FirefoxPage, dir: string, files: TestFile[]): Promise<void> {
  for (const name of files.map((f) => sanitizeFileName(f.name)))
    await page.evaluate(
      (n) => [...document.querySelectorAll<HTMLAnchorElement>('a.file-link')].find((a) => a.download === n)?.click(),
      name,
    );
  for (const f of files) {
    const saved = path.join(dir, sanitizeFileName(f.name));
    await waitFor(async () => existsSync(saved) && statSync(saved).size === f.data.length, 30_000);
  }
}

/** Runs `steps` with a fresh download folder; answers the bytes of `files` saved there, and removes it. */
async function inDownloadDir(steps: (dir: string) => Promise<void>, files: TestFile[]): Promise<Buffer[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-firefox-downloads-'));
  try {
    await steps(dir);
    return files.map((f) => readFileSync(path.join(dir, sanitizeFileName(f.name))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
