/**
 * Forward P2P, in real Chromium: the sender's "Stop and remove" ends one recipient's download and tells them;
 * a new PIN stops downloads of earlier recipients instead of sending the files again to their new peer id.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { MiB, PHONE, screenshot, setFiles, type TestFile, useP2pFlow } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

describe('Forward P2P: the sender removes a recipient, or resets the PIN mid-download', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-share-revoke-e2e-', addressPrefix: '192.0.3', ownerLabel: 'sender' });

  async function createShare(page: Page, files: TestFile[]) {
    await page.goto(`${flow.server.url}/p2p`);
    await setFiles(page.locator('#file-input'), files);
    await page.getByRole('button', { name: 'Create share' }).click();
    await page.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const pin = (await page.locator('#pin').textContent())!.trim();
    return { pin, guestUrl: flow.server.url + new URL(await page.locator('#share-url').inputValue()).pathname };
  }

  async function startDownload(url: string, pin: string): Promise<Page> {
    const guest = await flow.guestPage(url, { acceptDownloads: true, acceptDialogs: true });
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();
    await guest.waitForFunction(
      () =>
        Number(document.querySelector('#overall-progress [role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >= 3,
      undefined,
      {
        polling: 50,
        timeout: 60_000,
      },
    );
    return guest;
  }

  const percent = async (guest: Page) =>
    Number(await guest.locator('#overall-progress [role=progressbar]').getAttribute('aria-valuenow'));

  test('"Stop and remove recipient 1" stops the download and the recipient is told', async () => {
    const huge = flow.diskFile('share-remove-256MiB.bin', Buffer.alloc(256 * MiB));
    const sender = await flow.ownerPage('/p2p', 'Send files');
    const s = await createShare(sender, [huge]);
    const guest = await startDownload(s.guestUrl, s.pin);
    await sender.getByRole('button', { name: 'Stop and remove recipient 1' }).click(); // confirmed by the dialog handler
    await sender.locator('.guest-card[data-phase="removed"]').waitFor({ timeout: 15_000 });
    await guest.getByText('admin removed you', { exact: true }).waitFor({ timeout: 15_000 });
    const at = await percent(guest);
    assert.ok(at < 100, `stopped at ${at}%`);
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await percent(guest), at, 'nothing more arrives');
    await screenshot(sender, 'share-send-removed-desktop');
    await sender.setViewportSize(PHONE);
    await screenshot(sender, 'share-send-removed-phone');
    await screenshot(guest, 'share-guest-removed-phone');
    await sender.close();
  });

  test("a new PIN stops the earlier recipient's download; their page asks for the new PIN", async () => {
    const huge = flow.diskFile('share-reset-256MiB.bin', Buffer.alloc(256 * MiB));
    const sender = await flow.ownerPage('/p2p', 'Send files');
    const s = await createShare(sender, [huge]);
    const guest = await startDownload(s.guestUrl, s.pin);
    await sender.getByRole('button', { name: 'Reset PIN' }).click();
    await sender.locator('.guest-card[data-phase="removed"]').waitFor({ timeout: 15_000 });
    await guest.getByText('Please enter the PIN again', { exact: true }).waitFor({ timeout: 15_000 });
    const at = await percent(guest);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await percent(guest), at, 'nothing more arrives');
    assert.ok(at < 100);
    await sender.close();
  });
});
