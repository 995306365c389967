/**
 * Guests on other networks: transfers through a real TURN relay. coturn runs with its own config and ports
 * (test/helpers/coturn.ts), the app hands out its TURN REST credentials and the relay-only policy
 * (PHUPPI_ICE_TRANSPORT_POLICY=relay), and real Chromium pages on both sides may then connect through the
 * relay only. What proves the relay carried the files: each page's selected candidate pair is relay on both
 * ends, and coturn's own count of the bytes it received from the browsers covers the files. A relay that
 * refuses the credential (wrong shared secret, expired credential) or cannot be reached is said on the pages.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { turnCredential } from '../../src/server/signaling/turn.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { type Coturn, coturnSkipReason, startCoturn } from '../helpers/coturn.ts';
import {
  logInTo,
  MiB,
  PHONE,
  saveByLink,
  setFiles,
  sha256,
  type TestFile,
  useP2pFlow,
  waitFor,
} from '../helpers/p2p-flow.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const skip = browserSkipReason() || coturnSkipReason();

/**
 * In every page: once an RTCPeerConnection connects, record the kinds of the two candidates of its selected
 * pair (from getStats, while it is open: a closed connection answers no stats).
 */
const RECORD_SELECTED_PAIRS = `(() => {
  const Original = window.RTCPeerConnection;
  if (!Original) return;
  const pairs = [];
  window.__selectedPairs = pairs;
  const record = async (pc) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stats = await pc.getStats();
      for (const report of stats.values()) {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) continue;
        const pair = stats.get(report.selectedCandidatePairId);
        pairs.push({
          local: stats.get(pair.localCandidateId)?.candidateType,
          remote: stats.get(pair.remoteCandidateId)?.candidateType,
        });
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    pairs.push({ local: 'none selected', remote: 'none selected' });
  };
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') record(this).catch((e) => pairs.push({ local: String(e), remote: '' }));
      });
    }
  };
})();`;

type Pair = { local: string; remote: string };

const selectedPairs = (page: Page) =>
  page.evaluate(() => (window as unknown as { __selectedPairs: Pair[] }).__selectedPairs);

/** Bytes coturn received from its clients (the browsers), summed over the usage lines of every allocation. */
function bytesIntoRelay(log: string): number {
  let sum = 0;
  for (const m of log.matchAll(/: usage: realm=<[^>]*>, username=<[^>]*>, rp=\d+, rb=(\d+)/g)) sum += Number(m[1]);
  return sum;
}

/** Every connection the page made went through the relay: both candidates of each selected pair are relayed. */
async function assertRelayedOnly(page: Page, who: string): Promise<void> {
  await waitFor(async () => (await selectedPairs(page)).length > 0);
  const pairs = await selectedPairs(page);
  for (const pair of pairs)
    assert.deepEqual(pair, { local: 'relay', remote: 'relay' }, `${who}: ${JSON.stringify(pairs)}`);
}

const RELAY_REFUSED = 'The relay server refused this connection';
const RELAY_UNREACHABLE = 'The relay server cannot be reached';

/** The owner's receive session on `base`: its page, and the guest link on 127.0.0.1. */
async function openReceiveSession(owner: Page, base: string) {
  await owner.goto(`${base}/p2p/receive`);
  await owner.getByRole('button', { name: 'Create receive session' }).click();
  await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
  const pin = (await owner.locator('#pin').textContent())!.trim();
  const shareUrl = await owner.locator('#share-url').inputValue();
  return { pin, guestUrl: base + new URL(shareUrl).pathname };
}

/** A guest sends `files` into a receive session: files chosen, PIN typed, "Send" pressed. */
async function send(guest: Page, pin: string, files: TestFile[]): Promise<void> {
  await setFiles(guest.locator('input[type=file]'), files);
  await guest.getByLabel('PIN', { exact: true }).fill(pin);
  await guest.getByRole('button', { name: 'Send', exact: true }).click();
}

describe('Through a TURN relay (coturn): relay-only transfers, refused and unreachable relays', { skip }, () => {
  let coturn: Coturn;
  before(async () => {
    coturn = await startCoturn();
  });
  after(async () => {
    await coturn?.stop();
  });
  const flow = useP2pFlow({
    tmpPrefix: 'phuppi-turn-e2e-',
    addressPrefix: '198.18.0',
    ownerLabel: 'owner',
    env: () => ({
      PHUPPI_TURN_URLS: coturn.url,
      PHUPPI_TURN_SECRET: coturn.secret,
      PHUPPI_ICE_TRANSPORT_POLICY: 'relay',
    }),
  });
  before(async () => {
    await flow.ownerContext.addInitScript(RECORD_SELECTED_PAIRS);
  });

  test('receive: a guest sends two files through the relay only; byte-identical, relay on both ends, coturn carried the bytes', async () => {
    const files = [
      flow.diskFile('relayed-6MiB.bin', randomBytes(6 * MiB)),
      flow.diskFile('note.txt', Buffer.from('through the relay\n')),
    ];
    const total = files.reduce((sum, f) => sum + f.data.length, 0);
    const relayedBefore = bytesIntoRelay(coturn.log());

    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    const session = await openReceiveSession(owner, flow.server.url);
    const guest = await flow.guestPage(session.guestUrl, { initScript: RECORD_SELECTED_PAIRS });
    await send(guest, session.pin, files);
    await guest.getByRole('heading', { name: 'All 2 files arrived' }).waitFor({ timeout: 90_000 });
    await owner.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    for (const f of files) assert.equal(sha256((await saveByLink(owner, f.name)).data), sha256(f.data), f.name);

    await assertRelayedOnly(guest, 'guest');
    await assertRelayedOnly(owner, 'owner');
    // coturn reports each allocation's usage now and then and when it ends (the pages hang up once done).
    await waitFor(async () => bytesIntoRelay(coturn.log()) - relayedBefore >= total, 30_000).catch(() => {
      throw new Error(`coturn received ${bytesIntoRelay(coturn.log()) - relayedBefore} bytes; the files are ${total}`);
    });
    assert.equal(await guest.getByText(RELAY_REFUSED).count(), 0);
    await owner.close();
  });

  test('share: a guest downloads a file through the relay only; byte-identical, relay on both ends', async () => {
    const file = flow.diskFile('shared-2MiB.bin', randomBytes(2 * MiB));
    const owner = await flow.ownerPage('/p2p', 'Send files');
    await setFiles(owner.locator('#file-input'), [file]);
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.locator('#share').waitFor();
    const pin = (await owner.locator('#pin').textContent())!.trim();
    const guestUrl = flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname;

    const guest = await flow.guestPage(guestUrl, { acceptDownloads: true, initScript: RECORD_SELECTED_PAIRS });
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();
    await guest.getByText('Your file has arrived').waitFor({ timeout: 90_000 });
    assert.equal(sha256((await saveByLink(guest, file.name)).data), sha256(file.data));
    await assertRelayedOnly(guest, 'guest');
    await assertRelayedOnly(owner, 'owner');
    await owner.close();
  });

  test('an expired TURN REST credential is refused by coturn (401, no relayed address); a fresh one is not', async () => {
    const page = await flow.guestPage(`${flow.server.url}/login`);
    const now = Math.floor(Date.now() / 1000);
    const gather = (credential: { username: string; credential: string }) =>
      page.evaluate(
        async (iceServers) => {
          const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
          const errors: number[] = [];
          const relayed: string[] = [];
          pc.addEventListener('icecandidateerror', (e) => errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode));
          const complete = new Promise<void>((resolve) => {
            pc.addEventListener('icecandidate', ({ candidate }) => {
              if (!candidate) resolve();
              else if (candidate.type === 'relay') relayed.push(candidate.address ?? '');
            });
          });
          pc.createDataChannel('probe');
          await pc.setLocalDescription(await pc.createOffer());
          await Promise.race([complete, new Promise((r) => setTimeout(r, 15_000))]);
          pc.close();
          return { errors, relayed };
        },
        [{ urls: coturn.url, ...credential }],
      );

    // Expired an hour ago (issued for 10 minutes, 70 minutes back), signed with the right secret.
    const stale = turnCredential(coturn.secret, 'expired-guest', 600, now - 4200);
    assert.deepEqual(await gather(stale), { errors: [401], relayed: [] });
    assert.ok(coturn.log().includes(`user <${stale.username}>: incoming packet message processed, error 401`));
    const fresh = await gather(turnCredential(coturn.secret, 'fresh-guest', 600, now));
    assert.deepEqual(fresh, { errors: [], relayed: ['127.0.0.1'] });
    await page.close();
  });

  describe('the pages say when the relay refuses or cannot be reached', () => {
    const servers: TestServer[] = [];
    const contexts: BrowserContext[] = [];
    after(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      for (const server of servers) await server.close();
    });

    /** Another app on the same relay settings but `turn`; an owner's receive session there and a guest sending into it. */
    async function sendThrough(turn: { url: string; secret: string }): Promise<{ owner: Page; guest: Page }> {
      const server = await startTestServer({
        PHUPPI_TURN_URLS: turn.url,
        PHUPPI_TURN_SECRET: turn.secret,
        PHUPPI_ICE_TRANSPORT_POLICY: 'relay',
      });
      servers.push(server);
      const ownerContext = await flow.browser.newContext();
      const guestContext = await flow.browser.newContext({
        viewport: PHONE,
        extraHTTPHeaders: { 'x-forwarded-for': flow.nextIp() },
      });
      contexts.push(ownerContext, guestContext);
      const owner = await ownerContext.newPage();
      await logInTo(owner, server.url, '/p2p/receive');
      const session = await openReceiveSession(owner, server.url);
      const guest = await guestContext.newPage();
      await guest.goto(session.guestUrl);
      await send(guest, session.pin, [{ name: 'never.txt', data: Buffer.from('never sent\n') }]);
      return { owner, guest };
    }

    test('a wrong shared secret: coturn answers 401 and both pages say the relay refused the connection', async () => {
      const { owner, guest } = await sendThrough({ url: coturn.url, secret: 'not-the-secret-coturn-has' });
      await guest.getByRole('alert').filter({ hasText: RELAY_REFUSED }).waitFor({ timeout: 20_000 });
      // The owner's page dials the guest, and says the same.
      await owner.getByRole('alert').filter({ hasText: RELAY_REFUSED }).waitFor({ timeout: 30_000 });
      // The credential refused is the one the app issued for a peer id (username `<expiry>:<peer id>`).
      assert.match(coturn.log(), /user <\d+:[0-9a-f]{24}-[0-9a-f]{32}>: incoming packet message processed, error 401/);
      assert.equal(await owner.locator('#download-all[data-count="1"]').count(), 0, 'nothing arrived');
    });

    test('a relay that does not answer: the guest page says it cannot be reached instead of waiting forever', async () => {
      const silent = await startCoturn();
      const url = silent.url;
      await silent.stop(); // its port is free again: nothing answers there
      const { guest } = await sendThrough({ url, secret: coturn.secret });
      await guest.getByRole('alert').filter({ hasText: RELAY_UNREACHABLE }).waitFor({ timeout: 30_000 });
      assert.equal(await guest.getByText(RELAY_REFUSED).count(), 0);
    });
  });
});
