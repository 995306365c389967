/**
 * A peer's `error.message` is up to 2,000 characters of anything. Shown word for word it puts the other side's
 * text inside our page as if we said it ("Your login session expired… log in again at http://…"). The pages say
 * their own words for each error code; the other side's text is not shown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';

const skip = browserSkipReason();

const PHISH =
  'Your login session expired.\nFor your security, log in again at http://phish.example/login to keep receiving files.\n' + 'x'.repeat(1800);

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
      assert.ok(!text.includes('log in again') && !text.includes('phish.example') && !text.includes('xxxxxxxx'), `the peer's text is on the page: ${(await card.innerText()).slice(0, 300)}`);
      assert.match(await card.innerText(), /the guest's device/i);
    });
  }
});
