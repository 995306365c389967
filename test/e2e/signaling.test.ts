import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { bundleForBrowser, openHarness } from '../helpers/harness.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const skip = browserSkipReason();

describe('PeerJS signaling at /peerjs with the embedded STUN server', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let script: string;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser({ harness: true });
    script = await bundleForBrowser(fileURLToPath(new URL('./fixtures/peer-pair.ts', import.meta.url)));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('two pages open a data channel through the app and exchange bytes', async () => {
    const [a, b] = await Promise.all([browser.newPage(), browser.newPage()]);
    await Promise.all([openHarness(a, server.url, script, 'peer-a'), openHarness(b, server.url, script, 'peer-b')]);
    const iceServers = await a.evaluate(() => (window as any).pair.iceServers);
    assert.deepEqual(
      iceServers,
      [{ urls: `stun:127.0.0.1:${server.running.stun!.port}` }],
      'ICE comes from the app: its own STUN server only',
    );
    const idB: string = await b.evaluate(() => (window as any).pair.id);
    await a.evaluate(() => (window as any).pair.id);
    const received = b.evaluate(() => (window as any).pair.receiveOnce());
    const bytes = Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);
    await a.evaluate(([id, data]) => (window as any).pair.sendTo(id, data), [idB, bytes] as const);
    assert.deepEqual(await received, bytes);
  });

  test('peer discovery is off: nobody can list peer ids', async () => {
    const response = await fetch(`${server.url}/peerjs/peerjs/peers`);
    assert.notEqual(response.status, 200);
  });
});
