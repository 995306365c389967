/**
 * A hostile guest speaking protocol version 2 sends its file list in parts of its own making to the owner's real
 * waiting page: a part twice, sizes that do not add up, more files than announced, or a list it never finishes.
 * The owner's page stops that guest with its own sentence for each case (never the peer's text), takes none of
 * the list, and goes on receiving from an honest guest. Forward, a sharing owner's forged list gets the guest's
 * page's own sentence too.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { guestPeerId, type HostileFlow, useHostileFlow } from '../helpers/hostile-peer.ts';
import { setFiles } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();
/** The owner page's own sentence for each forged case (never the generic one, never the peer's text). */
const SAID = {
  order: /The transfer failed\. The guest's device sent its list of files out of order, so the transfer was stopped\./,
  totals:
    /The transfer failed\. The guest's list of files did not add up to the files and sizes it announced, so the transfer was stopped\./,
  tooMany:
    /The transfer failed\. The guest's device listed more files than it announced or a transfer may hold, so the transfer was stopped\./,
  unfinished:
    /The transfer failed\. The guest's device did not finish sending its list of files in time, so the transfer was stopped\./,
};

const entry = (index: number, size = 1) => ({ index, name: `f${index}.txt`, size, type: '', lastModified: 0 });
const head = (fileCount: number, totalBytes: number, parts: number) => ({
  t: 'manifest-head',
  version: 2,
  transferId: `forged${Date.now()}`,
  fileCount,
  totalBytes,
  parts,
});

/** A hostile guest that joined the session and negotiated version 2 with the owner's page. */
async function hostileGuest(flow: HostileFlow, session: { url: string; pin: string }) {
  const bad = await flow.hostilePeer();
  await bad.joinAsGuest(session.url, session.pin);
  const hello = await bad.handshake('sender', [1, 2]);
  assert.deepEqual(hello.versions, [1, 2], 'the owner page speaks version 2');
  return bad;
}

/** An honest guest's real page sends one file into the session; it arrives at the owner's page. */
async function honestGuestSends(flow: HostileFlow, owner: Page, session: { guestUrl: string; pin: string }) {
  const guest = await (await flow.context()).newPage();
  await guest.goto(session.guestUrl);
  await setFiles(guest.locator('input[type=file]'), [{ name: 'honest.txt', data: Buffer.from('honest bytes\n') }]);
  await guest.getByLabel('PIN', { exact: true }).fill(session.pin);
  await guest.getByRole('button', { name: 'Send', exact: true }).click();
  await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
  await owner.locator('#file-list').getByText('honest.txt').waitFor();
}

describe('a hostile peer: a file list in forged parts', { skip }, () => {
  const flow = useHostileFlow();

  for (const { what, second, why, said } of [
    {
      what: 'a part sent twice',
      second: { part: 0, files: [entry(0), entry(1)] },
      why: /part 0 came twice/,
      said: SAID.order,
    },
    {
      what: 'sizes over the announced total',
      second: { part: 1, files: [entry(2, 10), entry(3, 1)] },
      why: /more than the 4 bytes announced/,
      said: SAID.totals,
    },
    {
      what: 'more files than announced',
      second: { part: 1, files: [entry(2), entry(3), entry(4)] },
      why: /goes past the 4 files announced/,
      said: SAID.tooMany,
    },
  ]) {
    test(`${what}: the guest is stopped with the page's own words for it; an honest guest still sends`, async () => {
      const session = await flow.receiveSession();
      const owner = await flow.waitingPage(session.token);
      const bad = await hostileGuest(flow, session);
      await bad.sendControl(head(4, 4, 2));
      await bad.sendControl({ t: 'manifest-part', part: 0, files: [entry(0), entry(1)] });
      await bad.sendControl({ t: 'manifest-part', ...second });

      const card = owner.locator('.guest-card').filter({ hasText: said });
      await card.waitFor({ timeout: 30_000 });
      const told = await bad.waitFor('error');
      assert.equal(told.code, 'protocol');
      assert.match(String(told.message), why);
      assert.equal(await owner.locator('.guest-file').count(), 0, 'none of the forged list is shown');
      assert.equal(await bad.waitFor('have', { timeoutMs: 500 }).catch(() => null), null, 'the list is never answered');

      await honestGuestSends(flow, owner, session);
    });
  }

  test("forward: a sharing owner's list out of order; the guest's page says so in its own words", async () => {
    const created = await flow.owner.send('POST', '/api/p2p/create', {
      files: [0, 1, 2, 3].map((i) => ({ name: `f${i}.txt`, size: 1, type: 'text/plain' })),
    });
    assert.equal(created.status, 201);
    const guest = await (await flow.context()).newPage();
    guest.on('pageerror', (e) => console.error('[guest page error]', e));
    await guest.goto(`${flow.server.url}/p2p/${created.body.shortcode}`);
    await guest.getByLabel('PIN', { exact: true }).fill(created.body.pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();

    const bad = await flow.hostilePeer();
    await bad.dialGuest(await guestPeerId(flow.owner, `/api/p2p/${created.body.token}`));
    const hello = await bad.handshake('sender', [1, 2]);
    assert.deepEqual(hello.versions, [1, 2], 'the guest page speaks version 2');
    await bad.sendControl(head(4, 4, 2));
    await bad.sendControl({ t: 'manifest-part', part: 0, files: [entry(0), entry(1)] });
    await bad.sendControl({ t: 'manifest-part', part: 0, files: [entry(0), entry(1)] });

    await guest
      .getByText(
        /^The download failed\. .+'s device sent its list of files out of order, so the transfer was stopped\.$/,
      )
      .waitFor({ timeout: 30_000 });
    assert.equal((await bad.waitFor('error')).code, 'protocol');
  });

  test('a list never finished: the page stays usable meanwhile and stops that guest at the deadline', async () => {
    const session = await flow.receiveSession();
    const owner = await flow.waitingPage(session.token);
    const bad = await hostileGuest(flow, session);
    await bad.sendControl(head(3000, 3000, 3));
    await bad.sendControl({ t: 'manifest-part', part: 0, files: Array.from({ length: 1000 }, (_, i) => entry(i)) });
    // Pings keep the connection alive: only the list's own deadline (60 s) ends the wait.
    await bad.page.evaluate(() => setInterval(() => window.hostilePeer.sendControl({ t: 'ping' }), 3000));

    await honestGuestSends(flow, owner, session);

    const card = owner.locator('.guest-card').filter({ hasText: SAID.unfinished });
    await card.waitFor({ timeout: 120_000 });
    const told = await bad.waitFor('error');
    assert.match(String(told.message), /announced 3000 files in 3 parts but sent only 1000 of them within 60 s/);
  });
});
