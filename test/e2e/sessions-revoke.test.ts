/**
 * The owner stays in control of a receive session, in real Chromium: "Stop and remove" one guest mid-transfer
 * (their page says so; their data leaves the owner's browser), a new PIN closes earlier guests' connections,
 * and the per-guest limits chosen at creation are shown to the guest, checked by their page, and enforced by
 * the owner's page against a guest that skips that check.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { DESKTOP, MiB, PHONE, screenshot, setFiles, type TestFile, useP2pFlow, waitFor } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

/** Names of the transfers this page's origin keeps in OPFS. */
const OPFS_TRANSFERS = `(async () => {
  const root = await navigator.storage.getDirectory();
  try {
    const base = await root.getDirectoryHandle('phuppi-transfers');
    const names = [];
    for await (const name of base.keys()) names.push(name);
    return names;
  } catch { return []; }
})()`;

/** A guest page that believes there is no limit (as if a hostile guest skipped the page's check). */
const SKIP_LIMITS = `new MutationObserver((_, observer) => {
  const body = document.body;
  if (!body) return;
  body.dataset.page = body.dataset.page.replace('"maxFiles":1', '"maxFiles":null');
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });`;

describe('Reverse P2P: the owner removes guests, resets the PIN, limits what guests send', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-revoke-e2e-', addressPrefix: '203.0.114', ownerLabel: 'receiver' });

  async function createSession(page: Page, o: { label: string; maxFiles?: number }) {
    await page.goto(`${flow.server.url}/p2p/receive`);
    await page.getByLabel('Label shown to guests').fill(o.label);
    if (o.maxFiles) await page.getByLabel('Most files').fill(String(o.maxFiles));
    await page.getByRole('button', { name: 'Create receive session' }).click();
    await page.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await page.locator('#pin').textContent())!.trim();
    const guestUrl = flow.server.url + new URL(await page.locator('#share-url').inputValue()).pathname;
    return { pin, guestUrl, token: new URL(page.url()).pathname.split('/')[3]! };
  }

  async function send(guest: Page, pin: string, files: TestFile[]): Promise<void> {
    await setFiles(guest.locator('input[type=file]'), files);
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
  }

  const progressAtLeast = (page: Page, percent: number) =>
    page.waitForFunction(
      (p) => Number(document.querySelector('.guest-card [role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >= p,
      percent,
      { polling: 50, timeout: 60_000 },
    );

  test('"Stop and remove" mid-transfer: the connection closes, the guest is told, their data leaves the owner\'s browser', async () => {
    const receiver = await flow.ownerPage('/p2p/receive', 'Receive files');
    const s = await createSession(receiver, { label: 'Remove test' });
    const small = flow.diskFile('first.txt', Buffer.from('kept until removed'));
    const big = flow.diskFile('remove-96MiB.bin', randomBytes(96 * MiB));
    const guest = await flow.guestPage(s.guestUrl);
    await send(guest, s.pin, [small, big]);
    await receiver.getByRole('link', { name: /first\.txt/ }).waitFor({ timeout: 60_000 });
    await progressAtLeast(receiver, 5);
    assert.ok((await receiver.evaluate<string[]>(OPFS_TRANSFERS)).length > 0, 'the transfer is being stored in OPFS');

    const remove = receiver.getByRole('button', { name: 'Stop and remove guest 1' });
    await remove.waitFor();
    await screenshot(receiver, 'receive-waiting-remove-desktop');
    await remove.click(); // the confirmation is accepted by the owner page's dialog handler
    await receiver.locator('.guest-card[data-phase="removed"]').waitFor({ timeout: 15_000 });
    await guest.getByText('admin removed you', { exact: true }).waitFor({ timeout: 15_000 });
    assert.match((await guest.locator('#fatal').textContent()) ?? '', /removed you from this session/);

    // Nothing of theirs is left in the owner's browser: not the finished file, not the partial one.
    await waitFor(async () => (await receiver.evaluate<string[]>(OPFS_TRANSFERS)).length === 0);
    assert.equal(await receiver.getByRole('link', { name: /first\.txt/ }).count(), 0);
    const registry = await receiver.evaluate(() => localStorage.getItem('phuppi.receive.transfers') ?? '{}');
    assert.ok(!registry.includes(s.token), registry);
    const bar = Number(await receiver.locator('.guest-card [role=progressbar]').first().getAttribute('aria-valuenow'));
    assert.ok(bar < 100, `stopped at ${bar}%`);
    await screenshot(receiver, 'receive-waiting-removed-desktop');
    await screenshot(guest, 'send-guest-removed-phone');
    await receiver.setViewportSize(PHONE);
    await screenshot(receiver, 'receive-waiting-removed-phone');
    await receiver.close();
  });

  test("a new PIN closes the earlier guest's connection mid-transfer; the guest is asked for the new PIN", async () => {
    const receiver = await flow.ownerPage('/p2p/receive', 'Receive files');
    const s = await createSession(receiver, { label: 'Reset test' });
    const big = flow.diskFile('reset-96MiB.bin', randomBytes(96 * MiB));
    const guest = await flow.guestPage(s.guestUrl);
    await send(guest, s.pin, [big]);
    await progressAtLeast(receiver, 5);
    await receiver.getByRole('button', { name: 'Reset PIN' }).click();
    await receiver.locator('.guest-card[data-phase="revoked"]').waitFor({ timeout: 15_000 });
    await guest.getByText('Please enter the PIN again', { exact: true }).waitFor({ timeout: 15_000 });
    const at = Number(await receiver.locator('.guest-card [role=progressbar]').first().getAttribute('aria-valuenow'));
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(
      Number(await receiver.locator('.guest-card [role=progressbar]').first().getAttribute('aria-valuenow')),
      at,
      'nothing more arrives',
    );
    assert.ok(at < 100);
    await receiver.close();
  });

  test("limits: chosen on the form, shown to the guest before choosing, checked on their page, enforced by the owner's page", async () => {
    const receiver = await flow.ownerPage('/p2p/receive', 'Receive files');
    await receiver.getByLabel('Most files').fill('1');
    await screenshot(receiver, 'receive-create-limits-desktop');
    await receiver.setViewportSize(PHONE);
    await screenshot(receiver, 'receive-create-limits-phone');
    await receiver.setViewportSize(DESKTOP);
    const s = await createSession(receiver, { label: 'Limit test', maxFiles: 1 });
    const two = [
      { name: 'one.txt', data: Buffer.from('one') },
      { name: 'two.txt', data: Buffer.from('two') },
    ];

    // An honest guest sees the limit before choosing, and its page refuses two files.
    const guest = await flow.guestPage(s.guestUrl);
    await guest.getByText('You can send at most 1 file.').waitFor();
    await screenshot(guest, 'send-guest-limits-phone');
    await send(guest, s.pin, two);
    await guest.getByText(/That is 2 files; this link accepts at most 1 from one guest/).waitFor();
    assert.equal(await guest.locator('#transfer').isHidden(), true, 'nothing was sent');

    // A guest that skips the check (its page is told there is no limit) is refused by the owner's page.
    const hostile = await flow.guestPage(s.guestUrl, { initScript: SKIP_LIMITS });
    const storedBefore = await receiver.evaluate<string[]>(OPFS_TRANSFERS);
    await send(hostile, s.pin, two);
    await hostile.getByText('Too many files for this link', { exact: true }).waitFor({ timeout: 30_000 });
    await receiver.locator('.guest-card[data-phase="refused"]').waitFor({ timeout: 15_000 });
    assert.equal(
      await receiver.getByRole('link', { name: /one\.txt|two\.txt/ }).count(),
      0,
      'nothing of theirs is offered to save',
    );
    await waitFor(async () =>
      (await receiver.evaluate<string[]>(OPFS_TRANSFERS)).every((name) => storedBefore.includes(name)),
    );
    await screenshot(hostile, 'send-guest-refused-phone');
    await receiver.close();
  });
});
