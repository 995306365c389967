/**
 * Reverse P2P across browsers: a guest in Firefox ESR (headless, via puppeteer-core) sends files to a
 * receiver in Chromium (playwright-core), both on the real app pages. Proves the engine, PeerJS signaling
 * and the pages work between the two engines, byte for byte.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { firefoxSkipReason, launchFirefox } from '../helpers/firefox.ts';
import { sanitizeFileName } from '../../src/shared/file-names.ts';
import { MiB, saveByLink, sha256, useP2pFlow } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason() || firefoxSkipReason();

describe('cross-browser: Firefox guest sends to a Chromium receiver', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-cross-browser-', addressPrefix: '198.51.100', ownerLabel: 'receiver (Chromium)' });

  test('two files go from Firefox to Chromium through the real pages, same SHA-256', { timeout: 90_000 }, async () => {
    const files = [diskFileOf('Отчёт 報告 ✓.txt', Buffer.from('Привет, 世界! From Firefox.\n'.repeat(50))), diskFileOf('random-8MiB.bin', randomBytes(8 * MiB))];

    // The receiver (Chromium) creates a session and waits.
    const receiver = await flow.ownerPage('/p2p/receive', 'Receive files');
    await receiver.getByRole('button', { name: 'Create receive session' }).click();
    await receiver.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await receiver.locator('#pin').textContent())!.trim();
    assert.match(pin, /^\d{2}$/);
    // The share URL may name the LAN address; the test server listens on 127.0.0.1.
    const guestUrl = flow.server.url + new URL(await receiver.locator('#share-url').inputValue()).pathname;

    // The guest (Firefox) enters the PIN, chooses the files and sends.
    const firefox = await launchFirefox();
    try {
      const guest = await firefox.browser.newPage();
      const errors: string[] = [];
      guest.on('pageerror', (e) => errors.push(String(e)));
      await guest.goto(guestUrl);
      assert.match(await guest.evaluate(() => navigator.userAgent), /Firefox\//, 'the guest really is Firefox');
      await guest.locator('#pin').fill(pin);
      const input = await guest.$('input[type=file]');
      assert.ok(input, 'a file input');
      await input.uploadFile(...files.map((f) => f.path));
      await guest.waitForFunction(() => document.body.innerText.includes('2 files chosen'), { timeout: 10_000 });
      await guest.locator('#send-button').click();
      await guest.waitForFunction(
        () => {
          const success = document.querySelector<HTMLElement>('#success');
          return !!success && !success.hidden && success.querySelector('#success-heading')?.textContent === 'All 2 files arrived';
        },
        { timeout: 45_000, polling: 250 },
      );
      assert.deepEqual(errors, [], 'no page errors in Firefox');
    } finally {
      await firefox.close();
    }

    // The receiver (Chromium) has both files; each saved by its link is byte for byte the original.
    await receiver.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    for (const f of files) {
      const { data } = await saveByLink(receiver, sanitizeFileName(f.name));
      assert.equal(sha256(data), sha256(f.data), `${f.name}: same SHA-256`);
    }
    await receiver.close();
  });

  function diskFileOf(name: string, data: Buffer) {
    const f = flow.diskFile(name, data);
    return { ...f, path: f.path! };
  }
});
