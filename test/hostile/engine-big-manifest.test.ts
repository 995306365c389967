/**
 * A guest with thousands of files: the owner's waiting page shows a bounded number of rows (the rest summed up
 * in one line) in the guest's card and in the received list, instead of ~12 DOM nodes per file (one 6,500-file
 * manifest once froze the page for seconds and added 78,000 nodes), and every file still arrives.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { ROWS_SHOWN } from '../../src/client/ui/file-rows.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';

// Every control message must fit in one 256 KiB data-channel message (the receiver's final `done` for 2,000
// files is about 200 KB), so the test stays well under it.
const FILES = 1000;

describe('a big manifest on the owner page', { skip: browserSkipReason() }, () => {
  const flow = useHostileFlow();

  test(`${FILES} files: at most ${ROWS_SHOWN} rows per list, a summary line, all files received`, async () => {
    const s = await flow.receiveSession();
    const owner = await flow.waitingPage(s.token);
    const guest = await flow.hostilePeer();
    await guest.joinAsGuest(s.url, s.pin);
    await guest.handshake('sender');
    // Short names: the whole manifest must fit in one 256 KiB message.
    await guest.offer(Array.from({ length: FILES }, (_, i) => ({ name: `f${i}`, size: 1 })));
    const card = owner.locator('.guest-card');
    await card.getByText(`${FILES - ROWS_SHOWN} more files`, { exact: false }).waitFor({ timeout: 30_000 });
    assert.equal(await card.locator('.guest-file').count(), ROWS_SHOWN);

    const sha = createHash('sha256').update('A').digest('hex');
    await guest.page.evaluate(
      ([n, digest]) => {
        for (let i = 0; i < n; i++) {
          window.hostilePeer.sendFrame(i, 0, 'QQ==');
          window.hostilePeer.sendControl({ t: 'digest', index: i, size: 1, sha256: digest });
        }
      },
      [FILES, sha] as const,
    );
    await guest.waitFor('done', { timeoutMs: 120_000 }).catch(async (e: Error) => {
      const seen = (await guest.inbox())
        .filter((m) => m.kind !== 'control' || m.msg.t !== 'ack')
        .map((m) => JSON.stringify(m).slice(0, 200));
      throw new Error(
        `${e.message.slice(0, 100)}… heard: ${seen.slice(-5).join(' ')}; owner: ${await card.locator('.guest-card__text').textContent()}`,
      );
    });
    await owner.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 30_000 });
    await owner
      .locator('#file-list')
      .getByText(`${FILES - ROWS_SHOWN} more files`, { exact: false })
      .waitFor({ timeout: 30_000 });
    assert.equal(await owner.locator('#file-list .received-file').count(), ROWS_SHOWN);
    assert.equal(await owner.locator('#download-all').getAttribute('data-count'), String(FILES));
    const nodes = await owner.evaluate(() => document.getElementsByTagName('*').length);
    assert.ok(nodes < 10_000, `${nodes} elements on the page`);
  });
});
