/**
 * The owner's browser runs out of storage in the middle of a guest's file (Chromium's quota for the origin
 * lowered through CDP's `Storage.overrideQuotaForOrigin`): the owner's page says so in plain words, keeps the
 * file it already verified (still saveable, byte for byte), and goes on by itself once there is room again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { sha256Hex, useHostileFlow } from '../helpers/hostile-peer.ts';
import { saveByLink } from '../helpers/p2p-flow.ts';

const MiB = 1024 * 1024;

describe('a hostile peer: the owner runs out of storage mid-file', { skip: browserSkipReason() }, () => {
  const flow = useHostileFlow();

  test('the page says "ran out of storage", keeps the verified file and resumes when there is room', async () => {
    const session = await flow.receiveSession();
    const owner = await flow.waitingPage(session.token);
    const cdp = await owner.context().newCDPSession(owner);
    const origin = new URL(flow.server.url).origin;
    const setQuota = (quotaSize: number) => cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
    await setQuota(512 * MiB);

    const bad = await flow.hostilePeer();
    await bad.joinAsGuest(session.url, session.pin);
    await bad.handshake('sender');
    await bad.offer([
      { name: 'kept.bin', size: MiB },
      { name: 'big.bin', size: 64 * MiB },
    ]);
    const kept = Buffer.alloc(MiB, 7);
    await bad.sendFile(0, kept);
    await bad.waitFor('file-ok', { where: (m) => m.index === 0 });

    // Now the disk is all but full: what is already stored plus a little.
    const used = await owner.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await setQuota(used + 2 * MiB);
    const from = await bad.inboxLength();
    await bad.sendFill(1, 0, 16 * MiB);
    await bad.waitFor('pause', { from, timeoutMs: 60_000 });

    const card = owner.locator('.guest-card');
    await card
      .getByText(/Paused: The receiving device ran out of storage space\. Files already verified are kept/)
      .waitFor();
    const saved = await saveByLink(owner, 'kept.bin');
    assert.equal(sha256Hex(saved.data), sha256Hex(kept), 'the verified file is kept, byte for byte');

    // Room again: the sender answers the pause, and the owner's page goes on with a fresh `have` by itself.
    await setQuota(512 * MiB);
    const again = await bad.inboxLength();
    await bad.sendControl({ t: 'pause' });
    const have = await bad.waitFor('have', { from: again, timeoutMs: 60_000 });
    const files = have.files as { index: number; done: boolean; bytes: number }[];
    assert.equal(files[0]?.done, true, 'the verified file is still there');
    await card.getByText('Room again: receiving the rest…').waitFor();
  });
});
