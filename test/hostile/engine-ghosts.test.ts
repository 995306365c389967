/**
 * Ghost guests: strangers who know the PIN pass verify-pin and connect with peer ids they never bring online. The owner's real
 * waiting page must not dial them all at once, must not start a storage worker for any of them, must retire
 * them visibly after a few tries, and a real guest among them still gets through.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { MAX_CONCURRENT_DIALS } from '../../src/client/ui/owner/dial-limits.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';
import { Client } from '../helpers/http.ts';
import { logInTo } from '../helpers/p2p-flow.ts';

const GHOSTS = 8;

/** Counts the page's peer connections (live at most at once) and storage workers. */
const INSTRUMENT = `(() => {
  const counts = { pcs: 0, live: 0, maxLive: 0, workers: 0 };
  window.__counts = counts;
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends PC {
    constructor(...args) {
      super(...args);
      counts.pcs++; counts.live++; counts.maxLive = Math.max(counts.maxLive, counts.live);
      let closed = false;
      const close = this.close.bind(this);
      this.close = () => { if (!closed) { closed = true; counts.live--; } close(); };
    }
  };
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url, opts) { super(url, opts); if (opts && opts.name === 'phuppi-opfs') counts.workers++; }
  };
})();`;

type Counts = { pcs: number; live: number; maxLive: number; workers: number };

describe('ghost guests on the owner page', { skip: browserSkipReason() }, () => {
  const flow = useHostileFlow();

  test(`${GHOSTS} ghosts: at most ${MAX_CONCURRENT_DIALS} dials at once, no storage worker, retired visibly; a real guest still gets through`, async () => {
    const s = await flow.receiveSession();
    const context = await flow.context();
    await context.addInitScript(INSTRUMENT);
    const owner: Page = await context.newPage();
    owner.on('pageerror', (e) => console.error('[owner page error]', e));
    await logInTo(owner, flow.server.url, `/p2p/receive/${s.token}/waiting`);

    for (let i = 0; i < GHOSTS; i++) {
      const ghost = new Client(flow.server.url);
      const v = await ghost.request('POST', `${s.url}/verify-pin`, { pin: s.pin });
      assert.equal(v.status, 200, JSON.stringify(v.body));
      // A ghost takes the peer id the server issues to its ticket but never opens signaling with it.
      const credential = await ghost.request('POST', `${s.url}/signaling`, { ticket: v.body.ticket });
      assert.equal(credential.status, 200, JSON.stringify(credential.body));
      const c = await ghost.request('POST', `${s.url}/connect`, {
        peerjs_id: credential.body.peerId,
        ticket: v.body.ticket,
      });
      assert.equal(c.status, 200, JSON.stringify(c.body));
    }
    const real = await flow.hostilePeer();
    await real.joinAsGuest(s.url, s.pin, 120_000);
    await real.handshake('sender');
    await real.offer([{ name: 'real.txt', size: 5 }]);
    await real.sendFile(0, Buffer.from('hello'));
    await real.waitFor('done', { timeoutMs: 60_000 });

    await owner.waitForFunction(
      (n) => document.querySelectorAll('.guest-card[data-phase="failed"]').length >= n,
      GHOSTS,
      { timeout: 240_000, polling: 1000 },
    );
    const texts = await owner.locator('.guest-card[data-phase="failed"] .guest-card__text').allTextContents();
    assert.ok(
      texts.every((t) => /never answered/.test(t)),
      texts.join(' | '),
    );
    const counts = (await owner.evaluate(() => (window as unknown as { __counts: Counts }).__counts)) as Counts;
    assert.ok(counts.maxLive <= MAX_CONCURRENT_DIALS + 1, `up to ${counts.maxLive} peer connections at once`);
    assert.equal(counts.workers, 1, 'a storage worker for the real guest only');
  });
});
