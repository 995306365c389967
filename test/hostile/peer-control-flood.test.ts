/**
 * A hostile guest with a real ticket floods the owner's real waiting page with control messages as fast as its
 * data channel takes them, while an honest guest sends a file into the same receive session. The owner's page
 * ends the hostile connection itself, says why in its own words on that guest's card, answers input all along,
 * and the honest guest's file arrives byte for byte.
 *
 * The time limits below only detect a hang; they claim no speed (`npm run bench:guests -- --flood` measures
 * what a flood costs an honest guest).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';
import { MiB, saveByLink, setFiles, sha256, type TestFile } from '../helpers/p2p-flow.ts';

const FLOODED =
  "The transfer failed. The guest's device sent far more messages than a transfer needs, so this page ended the connection.";
const REFUSED =
  "The transfer failed. The guest's device sent something this page does not accept, so the transfer was stopped.";
/** Longer than any honest wait here; only a page that stopped answering takes this long. */
const HANG_MS = 15_000;

/** `bytes` random bytes in a file of a fresh temporary folder (a file this large goes to the page by path). */
async function fileOnDisk(name: string, bytes: number): Promise<TestFile> {
  const data = randomBytes(bytes);
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'phuppi-flood-')), name);
  await writeFile(file, data);
  return { name, data, path: file };
}

/** The longest wait, while `until` is pending, for the owner page to run a script and paint a frame. */
async function slowestAnswer(page: Page, until: Promise<unknown>): Promise<number> {
  let pending = true;
  void until.finally(() => (pending = false));
  let slowest = 0;
  do {
    const started = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)), undefined);
    slowest = Math.max(slowest, Date.now() - started);
  } while (pending);
  return slowest;
}

describe('a hostile peer: a flood of control messages', { skip: browserSkipReason() }, () => {
  const flow = useHostileFlow();

  for (const { what, texts, said, ticketTaken } of [
    { what: 'pings', texts: [JSON.stringify({ t: 'ping' })], said: FLOODED, ticketTaken: true },
    {
      // Each of these ends the connection at once, before any budget is spent: cheap to send, never cheap to hold.
      what: 'pings, broken JSON, unknown types and tiny acks',
      texts: [
        JSON.stringify({ t: 'ping' }),
        '{"t":',
        JSON.stringify({ t: 'flood' }),
        JSON.stringify({ t: 'ack', index: 0, bytes: 1 }),
      ],
      said: REFUSED,
      ticketTaken: false,
    },
  ]) {
    test(`${what}: the owner's page ends that connection in its own words, stays responsive, and an honest guest's file arrives intact`, async () => {
      const session = await flow.receiveSession();
      const owner = await flow.waitingPage(session.token);
      const bad = await flow.hostilePeer();
      const badTicket = await bad.joinAsGuest(session.url, session.pin);
      await bad.handshake('sender');

      const honest = await fileOnDisk('honest.bin', 32 * MiB);
      const guest = await (await flow.context()).newPage();
      await guest.goto(session.guestUrl);
      await setFiles(guest.locator('input[type=file]'), [honest]);
      await guest.getByLabel('PIN', { exact: true }).fill(session.pin);
      await guest.getByRole('button', { name: 'Send', exact: true }).click();
      // The flood begins while the honest file is on its way.
      await owner
        .locator('.guest-card')
        .filter({ hasText: /Receiving 1 file/ })
        .waitFor({ timeout: 60_000 });

      const flood = bad.flood(texts, 60_000);
      const slowest = await slowestAnswer(owner, flood);
      const sent = await flood;
      assert.ok(await bad.isClosed(), `the owner's page closed the flooding connection (after ${sent} messages)`);
      assert.ok(
        slowest < HANG_MS,
        `the owner's page answered within ${HANG_MS} ms during the flood (slowest ${slowest} ms)`,
      );

      // A control the owner uses is handled at once after the flood.
      await owner.getByLabel('Theme').selectOption('Dark', { timeout: HANG_MS });
      assert.equal(await owner.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'dark');

      const card = owner.locator('.guest-card').filter({ hasText: said });
      await card.waitFor({ timeout: HANG_MS }).catch(async (e) => {
        const cards = await owner.locator('.guest-card__text').allTextContents();
        throw new Error(`no card says “${said}” after ${sent} messages; the cards say ${JSON.stringify(cards)}`, {
          cause: e,
        });
      });
      assert.equal(await card.locator('.guest-card__text').textContent(), said, 'our words, nothing of the peer');
      // Only a peer running its own code floods: its ticket goes, so it cannot dial back in and flood again.
      assert.equal(
        await flow.ticketRevoked(session.url, badTicket),
        ticketTaken,
        'the flooding guest loses its ticket',
      );
      if (ticketTaken) assert.match((await card.locator('.badge').textContent()) ?? '', /Removed/);

      await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
      const { data } = await saveByLink(owner, honest.name);
      assert.equal(sha256(data), sha256(honest.data), 'the honest file arrived byte for byte');
    });
  }
});
