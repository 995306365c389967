/**
 * A peer's `error.message` is up to 2,000 characters of anything. Shown word for word it puts the other side's
 * text inside our page as if we said it ("Your login session expired… log in again at http://…"). The pages say
 * their own words for each error code; the other side's text is not shown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';
import { setFiles } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

const PHISH = `Your login session expired.\nFor your security, log in again at http://phish.example/login to keep receiving files.\n${'x'.repeat(1800)}`;

describe('a hostile peer: its error text is not shown as ours', { skip }, () => {
  const flow = useHostileFlow();

  for (const code of ['storage', 'internal', 'protocol']) {
    test(`an '${code}' error with a phishing message: the owner's page says its own words`, async () => {
      const session = await flow.receiveSession();
      const owner = await flow.waitingPage(session.token);
      const bad = await flow.hostilePeer();
      await bad.joinAsGuest(session.url, session.pin);
      await bad.handshake('sender');
      await bad.offer([{ name: 'report.pdf', size: 100 }]);
      await bad.sendControl({ t: 'error', code, message: PHISH });

      const card = owner.locator('.guest-card').filter({ hasText: 'The transfer failed' });
      await card.waitFor();
      const text = (await owner.locator('body').innerText()).toLowerCase();
      assert.ok(
        !text.includes('log in again') && !text.includes('phish.example') && !text.includes('xxxxxxxx'),
        `the peer's text is on the page: ${(await card.innerText()).slice(0, 300)}`,
      );
      assert.match(await card.innerText(), /the guest's device/i);
    });
  }

  test("forward: a hostile guest's phishing error on the owner's send page is not shown", async () => {
    const owner = await flow.ownerPage('/p2p');
    await setFiles(owner.locator('#file-input'), [{ name: 'report.pdf', data: Buffer.from('%PDF-1.4 report') }]);
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const token = new URL(owner.url()).searchParams.get('share') as string;
    const pin = ((await owner.locator('#pin').textContent()) ?? '').trim();

    const bad = await flow.hostilePeer();
    await bad.joinAsGuest(`/api/p2p/${token}`, pin);
    await bad.handshake('receiver');
    await bad.waitFor('manifest');
    await bad.sendControl({ t: 'error', code: 'storage', message: PHISH });

    await owner.getByText('The download failed').waitFor();
    const text = (await owner.locator('body').innerText()).toLowerCase();
    assert.ok(
      !text.includes('log in again') && !text.includes('phish.example') && !text.includes('xxxxxxxx'),
      "the peer's text is on the owner's page",
    );
    assert.match(text, /the recipient's device could not store the files/);
  });
});
