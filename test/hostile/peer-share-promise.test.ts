/**
 * Forward direction, the sharing owner's browser as the hostile peer: the share lists "report.pdf · 10 B",
 * and the owner's peer declares the same name at 5 GiB and starts writing. The guest's download page takes only
 * what the server's share metadata promised: names and sizes, or the transfer ends with a clear message and
 * nothing is stored.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { guestPeerId, useHostileFlow } from '../helpers/hostile-peer.ts';

const skip = browserSkipReason();
const GiB = 1024 ** 3;

describe('a hostile sharing owner: the guest takes only what the share promised', { skip }, () => {
  const flow = useHostileFlow();

  for (const lie of [
    { what: 'the same name at 5 GiB', files: [{ name: 'report.pdf', size: 5 * GiB }] },
    { what: 'another name', files: [{ name: 'report.pdf.exe', size: 10 }] },
    {
      what: 'one more file',
      files: [
        { name: 'report.pdf', size: 10 },
        { name: 'extra.bin', size: 10 },
      ],
    },
  ]) {
    test(`a manifest with ${lie.what} is refused before any byte is stored`, async () => {
      const created = await flow.owner.send('POST', '/api/p2p/create', {
        files: [{ name: 'report.pdf', size: 10, type: 'application/pdf' }],
      });
      assert.equal(created.status, 201);
      const shareUrl = `/api/p2p/${created.body.token}`;
      const guest = await (await flow.context()).newPage();
      guest.on('pageerror', (e) => console.error('[guest page error]', e));
      await guest.goto(`${flow.server.url}/p2p/${created.body.shortcode}`);
      await guest.getByLabel('PIN', { exact: true }).fill(created.body.pin);
      await guest.getByRole('button', { name: 'Get the files' }).click();

      const owner = await flow.hostilePeer();
      await owner.dialGuest(await guestPeerId(flow.owner, shareUrl));
      await owner.handshake('sender');
      const from = await owner.inboxLength();
      await owner.sendControl({
        t: 'manifest',
        version: 1,
        transferId: 'lie1',
        files: lie.files.map((f, index) => ({ index, ...f, type: '', lastModified: 0 })),
      });
      await owner.waitFor('cancel', { from, timeoutMs: 15_000 });
      const answers = (await owner.inbox()).slice(from).flatMap((e) => (e.kind === 'control' ? [e.msg.t] : []));
      assert.ok(
        !answers.includes('have') && !answers.includes('ack'),
        `the guest took the offer: ${answers.join(', ')}`,
      );

      await guest
        .locator('#transfer-warning')
        .filter({ hasText: 'offered other files than this share lists' })
        .waitFor();
      assert.equal(
        await guest.locator('#files-summary').textContent(),
        '1 file · 10 B',
        'the list still shows what the share promised',
      );
      const stored = await guest.evaluate(async () => {
        const { usage } = await navigator.storage.estimate();
        return usage ?? 0;
      });
      assert.ok(stored < 1024 * 1024, `the guest's storage holds ${stored} bytes`);
    });
  }
});
