/**
 * The server goes down mid-transfer and comes back: the files go browser to browser, so the transfer must
 * keep moving while the server is away, both pages must say "Server unreachable — your transfer continues"
 * (and nothing about the Wi-Fi), and once the server is back on the same port, data dir and database,
 * signaling and the owner's event stream reconnect by themselves, the guest's `complete` lands and the
 * file is byte-identical. The server is really closed (HTTP, SSE and signaling gone), not paused.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import {
  MiB,
  readOnThePage,
  saveByLink,
  setFiles,
  sha256,
  type TestFile,
  useP2pFlow,
  waitFor,
} from '../helpers/p2p-flow.ts';
import { SLOW_DISK } from '../helpers/slow-disk.ts';

const skip = browserSkipReason();

/** How long the server stays down: longer than any wait after which a page used to give up on its peer. */
const OUTAGE_MS = 16_000;
const BANNER = 'Server unreachable — your transfer continues';

describe('A server restart mid-transfer', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-restart-e2e-', addressPrefix: '192.0.2', ownerLabel: 'owner' });

  /** Whether the server answers HTTP at all. */
  const serverAnswers = () =>
    fetch(`${flow.server.url}/api/config/ice`).then(
      () => true,
      () => false,
    );

  interface Watched {
    /** The page the files go to, and the bar there that shows them arriving. */
    receiving: Page;
    bar: string;
    owner: Page;
    guest: Page;
    /** The owner's card of the guest, in the phase it has while bytes move ('receiving', 'sending'). */
    movingPhase: string;
  }

  /**
   * Stops the server for OUTAGE_MS and watches both pages meanwhile: the bytes keep arriving through the
   * whole outage, the owner never loses the link, both pages show the banner and the guest's page never
   * blames the Wi-Fi. Then starts the server again.
   */
  async function outage(w: Watched): Promise<void> {
    const percent = async () => Number((await w.receiving.locator(w.bar).first().getAttribute('aria-valuenow')) ?? 0);
    await waitFor(async () => (await percent()) >= 3, 60_000);
    const card = w.owner.locator('.guest-card').first();
    assert.equal(await card.getAttribute('data-phase'), w.movingPhase);

    await flow.server.stop();
    const stoppedAt = Date.now();
    assert.equal(await serverAnswers(), false, 'the server is really down');
    const atStop = await percent();
    const samples: { at: number; percent: number; phase: string | null }[] = [];
    let guestBanner = false;
    let ownerBanner = false;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      samples.push({
        at: Date.now() - stoppedAt,
        percent: await percent(),
        phase: await card.getAttribute('data-phase'),
      });
      guestBanner ||= await w.guest.getByText(BANNER).isVisible();
      ownerBanner ||= await w.owner.getByText(BANNER).isVisible();
      const guestText = (await w.guest.locator('main').innerText()).toLowerCase();
      assert.ok(
        !guestText.includes('wi-fi'),
        `the guest page blames the Wi-Fi while only the server is away: ${guestText}`,
      );
      assert.ok(
        !guestText.includes('could not connect directly'),
        'no "could not connect directly" while the two devices are connected',
      );
      await new Promise((r) => setTimeout(r, 250));
    }
    const atEnd = samples.at(-1)!.percent;
    const lateStart = samples.find((x) => x.at >= OUTAGE_MS - 4000)!.percent;
    console.log(
      `progress while the server was down: ${atStop}% → ${atEnd}% (${lateStart}% four seconds before the end)`,
    );
    assert.deepEqual(
      new Set(samples.map((x) => x.phase)),
      new Set([w.movingPhase]),
      'the owner never lost the connection to the guest',
    );
    assert.ok(atEnd < 100, 'the transfer outlasted the outage (else the test proves nothing)');
    assert.ok(
      lateStart > atStop && atEnd > lateStart,
      `bytes kept arriving through the whole outage: ${atStop}% → ${lateStart}% → ${atEnd}%`,
    );
    assert.ok(guestBanner, `the guest page said "${BANNER}"`);
    assert.ok(ownerBanner, `the owner page said "${BANNER}"`);

    await flow.server.start();
    assert.equal(await serverAnswers(), true);
  }

  /** Both pages found the server again by themselves: the owner's feed is live, no banner is left. */
  async function backToNormal(owner: Page, guest: Page): Promise<void> {
    await owner.locator('#live-status').getByText('Live').waitFor({ timeout: 30_000 });
    await owner.locator('#server-unreachable').waitFor({ state: 'hidden', timeout: 15_000 });
    await guest.locator('#server-unreachable').waitFor({ state: 'hidden', timeout: 30_000 });
    await owner.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 15_000 });
  }

  test('guest → owner, 128 MiB into OPFS: bytes keep arriving while the server is down; after it is back the file is intact and complete lands', async () => {
    const file: TestFile = flow.diskFile('restart-128MiB.bin', randomBytes(128 * MiB));
    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await owner.locator('#pin').textContent())!.trim();
    const token = new URL(owner.url()).pathname.split('/')[3]!;
    const guest = await flow.guestPage(
      flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname,
      { initScript: SLOW_DISK },
    );
    await readOnThePage(guest.context());
    await setFiles(guest.locator('input[type=file]'), [file]);
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();

    await outage({ receiving: owner, bar: '.guest-card [role=progressbar]', owner, guest, movingPhase: 'receiving' });

    await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 120_000 });
    await owner.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    const { data } = await saveByLink(owner, 'restart-128MiB.bin');
    assert.equal(sha256(data), sha256(file.data), 'byte-identical');
    // The guest's `complete` landed on the restarted server: the owner's session lists the file.
    const client = await new Client(flow.server.url).login();
    await waitFor(
      async () => (await client.request('GET', `/api/p2p/receive/${token}/state`)).body.files?.length === 1,
      30_000,
    );
    const state = await client.request('GET', `/api/p2p/receive/${token}/state`);
    assert.equal(state.body.files[0].sha256, sha256(file.data));
    await backToNormal(owner, guest);
    await owner.close();
  });

  test("owner → guest, 128 MiB into the guest's OPFS: the download keeps going while the server is down and finishes intact after it is back", async () => {
    // Now the owner's device is the one that reads its disk slowly.
    await flow.ownerContext.addInitScript(SLOW_DISK);
    await readOnThePage(flow.ownerContext);
    const file: TestFile = flow.diskFile('restart-share-128MiB.bin', randomBytes(128 * MiB));
    const owner = await flow.ownerPage('/p2p', 'Send files');
    await setFiles(owner.locator('#file-input'), [file]);
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    await owner.locator('#share').waitFor();
    const pin = (await owner.locator('#pin').textContent())!.trim();
    const token = new URL(owner.url()).searchParams.get('share')!;
    const guest = await flow.guestPage(
      flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname,
      { acceptDownloads: true },
    );
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();

    await outage({
      receiving: guest,
      bar: '#overall-progress [role=progressbar]',
      owner,
      guest,
      movingPhase: 'sending',
    });

    await guest.getByText('Your file has arrived').waitFor({ timeout: 120_000 });
    const { data } = await saveByLink(guest, 'restart-share-128MiB.bin');
    assert.equal(sha256(data), sha256(file.data), 'byte-identical');
    // The guest's `complete` landed: the owner's share lists the guest as done, with the file.
    const client = await new Client(flow.server.url).login();
    await waitFor(
      async () => (await client.request('GET', `/api/p2p/${token}/state`)).body.guests?.[0]?.state === 'done',
      30_000,
    );
    const state = await client.request('GET', `/api/p2p/${token}/state`);
    assert.equal(state.body.guests[0].files[0].sha256, sha256(file.data));
    await backToNormal(owner, guest);
    await owner.close();
  });
});
