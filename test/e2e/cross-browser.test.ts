/**
 * Both directions across browsers, on the real app pages: a guest in Firefox ESR (headless, via
 * puppeteer-core) sends files to a receiver in Chromium (playwright-core), and downloads files a Chromium
 * user shares. Proves the engine (Firefox's storage included), PeerJS signaling and the pages work between
 * the two engines, byte for byte.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { sanitizeFileName } from '../../src/shared/file-names.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { firefoxSkipReason, launchFirefox } from '../helpers/firefox.ts';
import { MiB, saveByLink, setFiles, sha256, useP2pFlow, waitFor } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason() || firefoxSkipReason();

describe('cross-browser: Firefox guests and Chromium owners', { skip }, () => {
  const flow = useP2pFlow({
    tmpPrefix: 'phuppi-cross-browser-',
    addressPrefix: '198.51.100',
    ownerLabel: 'owner (Chromium)',
  });

  test('two files go from Firefox to Chromium through the real pages, same SHA-256', { timeout: 90_000 }, async () => {
    const files = [
      diskFileOf('Отчёт 報告 ✓.txt', Buffer.from('Привет, 世界! From Firefox.\n'.repeat(50))),
      diskFileOf('random-8MiB.bin', randomBytes(8 * MiB)),
    ];

    // The receiver (Chromium) creates a session and waits.
    const receiver = await flow.ownerPage('/p2p/receive', 'Receive files');
    await receiver.getByRole('button', { name: 'Create receive session' }).click();
    await receiver.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    // The guest (Firefox) enters the PIN, chooses the files and sends.
    await inFirefox(await guestLink(receiver), {}, async (guest) => {
      const input = await guest.$('input[type=file]');
      assert.ok(input, 'a file input');
      await input.uploadFile(...files.map((f) => f.path));
      await guest.waitForFunction(() => document.body.innerText.includes('2 files chosen'), { timeout: 10_000 });
      await guest.locator('#send-button').click();
      await guest.waitForFunction(
        () => {
          const success = document.querySelector<HTMLElement>('#success');
          return (
            !!success &&
            !success.hidden &&
            success.querySelector('#success-heading')?.textContent === 'All 2 files arrived'
          );
        },
        { timeout: 45_000, polling: 250 },
      );
    });

    // The receiver (Chromium) has both files; each saved by its link is byte for byte the original.
    await receiver.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    for (const f of files) {
      const { data } = await saveByLink(receiver, sanitizeFileName(f.name));
      assert.equal(sha256(data), sha256(f.data), `${f.name}: same SHA-256`);
    }
    await receiver.close();
  });

  test('a Chromium user shares two files; a Firefox guest downloads them, same SHA-256', {
    timeout: 90_000,
  }, async () => {
    const files = [
      diskFileOf('Фото 写真 ✓.txt', Buffer.from('Привет, 世界! To Firefox.\n'.repeat(50))),
      diskFileOf('random-12MiB.bin', randomBytes(12 * MiB)),
    ];
    const sender = await flow.ownerPage('/p2p', 'Send files');
    await setFiles(sender.locator('#file-input'), files);
    await sender.getByText('2 files chosen').waitFor();
    await sender.getByRole('button', { name: 'Create share' }).click();
    await sender.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const downloads = mkdtempSync(path.join(tmpdir(), 'phuppi-firefox-downloads-'));
    await inFirefox(await guestLink(sender), { downloadDir: downloads }, async (guest) => {
      await guest.locator('#get-files').click();
      await guest.waitForFunction(() => document.querySelectorAll('a.file-link').length === 2, {
        timeout: 45_000,
        polling: 250,
      });
      // Each file as the page offers it (its download link), hashed in Firefox.
      // Each file saved the way a person would: a click on its link, into the download folder.
      for (const name of files.map((f) => sanitizeFileName(f.name))) {
        await guest.evaluate(
          (n) =>
            [...document.querySelectorAll<HTMLAnchorElement>('a.file-link')].find((a) => a.download === n)?.click(),
          name,
        );
      }
      for (const f of files) {
        const saved = path.join(downloads, sanitizeFileName(f.name));
        await waitFor(async () => existsSync(saved) && statSync(saved).size === f.data.length);
      }
    });
    try {
      for (const f of files)
        assert.equal(
          sha256(readFileSync(path.join(downloads, sanitizeFileName(f.name)))),
          sha256(f.data),
          `${f.name}: same SHA-256`,
        );
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
    await sender.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 15_000 });
    await sender.close();
  });

  /** The PIN and the guest URL an owner page shows (its URL may name the LAN address; the server listens on 127.0.0.1). */
  async function guestLink(owner: Page): Promise<{ pin: string; url: string }> {
    const pin = (await owner.locator('#pin').textContent())!.trim();
    assert.match(pin, /^\d{2}$/);
    return { pin, url: flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname };
  }

  /** Opens the guest link in a fresh headless Firefox, enters the PIN, runs `steps`; no page errors allowed. */
  async function inFirefox(
    link: { pin: string; url: string },
    options: { downloadDir?: string },
    steps: (guest: FirefoxPage) => Promise<void>,
  ): Promise<void> {
    const firefox = await launchFirefox(options);
    try {
      const guest = await firefox.browser.newPage();
      const errors: string[] = [];
      guest.on('pageerror', (e) => errors.push(String(e)));
      await guest.goto(link.url);
      assert.match(await guest.evaluate(() => navigator.userAgent), /Firefox\//, 'the guest really is Firefox');
      await guest.locator('#pin').fill(link.pin);
      await steps(guest);
      assert.deepEqual(errors, [], 'no page errors in Firefox');
    } finally {
      await firefox.close();
    }
  }

  function diskFileOf(name: string, data: Buffer) {
    const f = flow.diskFile(name, data);
    return { ...f, path: f.path! };
  }
});
