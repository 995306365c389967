/**
 * A hostile guest ignores the flow-control window: it declares a large file and sends it as fast as the connection
 * takes it, never waiting for an ack, into the owner's real waiting page whose storage is slow (every write of its
 * storage worker takes a few milliseconds, as on a busy disk). Every byte not yet written waits in the owner's
 * memory, so the owner's page stops that guest in its own words once it holds MAX_UNWRITTEN_BYTES of them; its
 * renderer's memory stays bounded, and an honest guest still sends a file that arrives byte for byte.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason, forwardWarnings, launchPersistent } from '../helpers/browser.ts';
import { rendererRss } from '../helpers/chromium-processes.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';
import { DESKTOP, logInTo, MiB, saveByLink, setFiles, sha256 } from '../helpers/p2p-flow.ts';

/** Each write of the storage worker takes at least this long: about 1.6 MiB/s for the hostile peer's 64 KiB frames. */
const WRITE_MS = 40;
/**
 * Put before the storage worker's own script: init scripts do not run in workers, so the worker's script is
 * served with this in front of it.
 */
const SLOW_WRITES = `(() => {
  const proto = FileSystemSyncAccessHandle.prototype;
  const write = proto.write;
  proto.write = function (...args) {
    const end = performance.now() + ${WRITE_MS};
    while (performance.now() < end);
    return write.apply(this, args);
  };
})();
`;
/** What the hostile peer tries to send; it is stopped long before. */
const FLOOD_BYTES = 512 * MiB;
const STOPPED =
  /The transfer failed\. The guest's device sent data faster than this device could store it and did not wait when asked/;

describe('a hostile peer: ignores the flow-control window', { skip: browserSkipReason() }, () => {
  const flow = useHostileFlow();

  test('the owner page stops it in its own words, its memory stays bounded, an honest guest still sends', async () => {
    const session = await flow.receiveSession();
    // The owner in a browser of its own, so that its renderers' memory is the owner's page and worker alone.
    const ownerBrowser = await launchPersistent({ viewport: DESKTOP, acceptDownloads: true, serviceWorkers: 'block' });
    try {
      const { context, userDataDir } = ownerBrowser;
      await context.route('**/assets/opfs-worker-*.js', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: SLOW_WRITES + (await response.text()) });
      });
      const owner = await context.newPage();
      owner.on('dialog', (d) => void d.accept());
      owner.on('pageerror', (e) => console.error('[owner page error]', e));
      forwardWarnings(owner, 'owner');
      await logInTo(owner, flow.server.url, `/p2p/receive/${session.token}/waiting`);

      const bad = await flow.hostilePeer();
      const badTicket = await bad.joinAsGuest(session.url, session.pin);
      await bad.handshake('sender');
      await bad.offer([{ name: 'big.bin', size: 2 * FLOOD_BYTES }]);

      const baseline = rendererRss(userDataDir);
      let peak = baseline;
      const sampling = setInterval(() => (peak = Math.max(peak, rendererRss(userDataDir))), 200);
      let sent: number;
      const start = Date.now();
      try {
        sent = await bad.sendFill(0, 0, FLOOD_BYTES);
      } finally {
        clearInterval(sampling);
      }
      const growth = (peak - baseline) / MiB;
      console.log(
        `# owner renderers: baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB; the peer sent ${(sent / MiB).toFixed(0)} MiB in ${((Date.now() - start) / 1000).toFixed(1)} s`,
      );
      assert.ok(growth < 150, `the owner's renderers grew by ${growth.toFixed(0)} MiB`);
      assert.ok(sent < FLOOD_BYTES, 'the peer was disconnected before it had sent everything');
      await owner.locator('.guest-card').filter({ hasText: STOPPED }).waitFor();
      const told = await bad.waitFor('error');
      assert.equal(told.code, 'protocol');
      assert.match(String(told.message), /ignoring the flow-control window/);
      // Only a peer running its own code does this: its ticket goes, so it cannot dial back in and do it again.
      assert.equal(await flow.ticketRevoked(session.url, badTicket), true, 'the overrunning guest loses its ticket');

      // An honest guest's real page, through the same slow storage.
      const data = Buffer.alloc(3 * MiB + 5, 'honest bytes ');
      const guest = await (await flow.context()).newPage();
      await guest.goto(session.guestUrl);
      await setFiles(guest.locator('input[type=file]'), [{ name: 'honest.bin', data }]);
      await guest.getByLabel('PIN', { exact: true }).fill(session.pin);
      await guest.getByRole('button', { name: 'Send', exact: true }).click();
      await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 120_000 });
      const saved = await saveByLink(owner, 'honest.bin');
      assert.equal(sha256(saved.data), sha256(data), 'the honest file arrived byte for byte');
    } finally {
      await ownerBrowser.close();
    }
  });
});
