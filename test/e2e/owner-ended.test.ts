/**
 * An ended session's owner page, in real Chromium: it says the session ended and stops following it. The
 * server answers an ended session's polls with 410; the page once kept polling, said "Reconnecting…" and
 * showed the "Server unreachable" banner though the server was right there.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { setFiles, useP2pFlow } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

/** Longer than the banner's delay (1.5 s) plus a poll's pause (3 s). */
const SETTLE_MS = 6000;

describe("An ended session's owner page", { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-owner-ended-e2e-', addressPrefix: '198.51.100', ownerLabel: 'owner' });

  async function saysEnded(page: Page): Promise<void> {
    await page.locator('#live-status').getByText('Ended').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    assert.equal(await page.locator('#live-status').textContent(), 'Ended');
    assert.equal(await page.locator('#server-unreachable').isVisible(), false, 'no "Server unreachable" banner');
  }

  /** The owner's page of a new receive session, its feed live. */
  async function openReceiveSession(): Promise<Page> {
    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    await owner.locator('#live-status').getByText('Live').waitFor({ timeout: 15_000 });
    return owner;
  }

  test('a receive session cancelled here, and after a reload', async () => {
    const owner = await openReceiveSession();
    await owner.getByRole('button', { name: 'Cancel session' }).click();
    await owner.getByRole('button', { name: 'Yes, cancel session' }).click();
    await owner.getByText(/This session was cancelled/).waitFor();
    await saysEnded(owner);
    await owner.reload();
    await owner.getByText(/This session was cancelled/).waitFor();
    await saysEnded(owner);
    await owner.close();
  });

  test('a receive session that expired, opened again', async () => {
    const owner = await openReceiveSession();
    const token = new URL(owner.url()).pathname.split('/')[3] ?? '';
    await flow.server.running.store.db
      .updateTable('p2p_receive_sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token', '=', token)
      .execute();
    await owner.reload();
    await owner.getByText(/This session has expired/).waitFor();
    await saysEnded(owner);
    await owner.close();
  });

  test('a share cancelled here', async () => {
    const owner = await flow.ownerPage('/p2p', 'Send files');
    await setFiles(owner.locator('#file-input'), [{ name: 'a.txt', data: Buffer.from('a') }]);
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    await owner.locator('#live-status').getByText('Live').waitFor({ timeout: 15_000 });
    await owner.getByRole('button', { name: 'Cancel share' }).click();
    await owner.getByRole('button', { name: 'Yes, cancel share' }).click();
    await owner.getByText(/This share was cancelled/).waitFor();
    await saysEnded(owner);
    await owner.close();
  });
});
