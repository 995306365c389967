/**
 * Reverse P2P end to end in real Chromium: a logged-in receiver (desktop size) creates a session and
 * waits; guests (phone size, each from its own client address) enter the PIN and send files that go
 * browser to browser. Screenshots of the three pages land in docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { sanitizeFileName } from '../../src/shared/file-names.ts';
import { browserSkipReason, CHROMIUM_ARGS, chromiumPath } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import {
  DAMAGE_ONE_FRAME,
  DESKTOP,
  downloadAllZip,
  logInTo,
  MiB,
  PHONE,
  readQr,
  SCREENSHOTS,
  saveByLink,
  screenshot,
  screenshotDark,
  setFiles,
  sha256,
  type TestFile,
  useP2pFlow,
  wrongPin,
} from '../helpers/p2p-flow.ts';
import { ADMIN } from '../helpers/server.ts';
import { writeQrVideo } from './fixtures/receive-fake-camera.ts';
import { insideTopFolder, readZip } from './fixtures/receive-zip.ts';

const skip = browserSkipReason();

describe('Reverse P2P: receive files from a guest, browser to browser', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-receive-e2e-', addressPrefix: '203.0.113', ownerLabel: 'receiver' });
  const { bytesRead, diskFile, nextIp } = flow;

  function receiverPage(): Promise<Page> {
    return flow.ownerPage('/p2p/receive', 'Receive files');
  }

  async function createSession(page: Page, options: { label?: string; expiry?: string } = {}) {
    await page.goto(`${flow.server.url}/p2p/receive`);
    if (options.label) await page.getByLabel('Label shown to guests').fill(options.label);
    if (options.expiry) await page.getByLabel(options.expiry, { exact: true }).check();
    await page.getByRole('button', { name: 'Create receive session' }).click();
    await page.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await page.locator('#pin').textContent())!.trim();
    const shareUrl = await page.locator('#share-url').inputValue();
    const token = new URL(page.url()).pathname.split('/')[3]!;
    assert.match(pin, /^\d{2}$/);
    // The share URL may name the LAN address; the test server listens on 127.0.0.1.
    const guestUrl = flow.server.url + new URL(shareUrl).pathname;
    return { pin, shareUrl, token, guestUrl };
  }

  function guestPage(url: string, viewport = PHONE): Promise<Page> {
    return flow.guestPage(url, { viewport });
  }

  async function chooseFiles(page: Page, files: TestFile[]): Promise<void> {
    const input = page.locator('input[type=file]');
    assert.equal(await input.count(), 1, 'one file input at rest (the folder chooser makes its own on demand)');
    assert.equal(await input.getAttribute('multiple'), '');
    await setFiles(input, files);
  }

  async function enterPinAndSend(page: Page, pin: string): Promise<void> {
    await page.getByLabel('PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  test('the whole flow: PIN, four files browser to browser, saved one by one and as a ZIP; QR; no file bytes through the server', async () => {
    const files: TestFile[] = [
      diskFile('empty.txt', Buffer.alloc(0)),
      diskFile('Отчёт 報告 ✓.txt', Buffer.from('Привет, 世界! Non-Latin content.\n'.repeat(100))),
      { name: '<b>x</b>.txt', data: Buffer.from('<script>alert(1)</script> markup stays text\n') },
      diskFile('random-64MiB.bin', randomBytes(64 * MiB)),
    ];
    const totalBytes = files.reduce((s, f) => s + f.data.length, 0);

    const receiver = await receiverPage();
    await screenshot(receiver, 'receive-create-desktop');
    const s = await createSession(receiver, { label: 'Homework week 3' });
    await receiver.getByRole('img', { name: /QR code/ }).waitFor();

    // The QR code on screen decodes back to the share URL.
    assert.equal(await readQr(receiver.locator('#qr')), s.shareUrl, 'QR code = share URL');
    await screenshot(receiver, 'receive-waiting-desktop');

    const guest = await guestPage(s.guestUrl);
    await guest.getByRole('heading', { name: ADMIN.username }).waitFor();
    await guest.getByText('Homework week 3').waitFor();
    assert.equal(await guest.getByLabel('PIN', { exact: true }).getAttribute('inputmode'), 'numeric');
    await screenshot(guest, 'send-guest-phone');
    await screenshotDark(guest, 'send-guest-phone');

    await chooseFiles(guest, files);
    await guest.getByText('4 files chosen').waitFor();
    // A wrong PIN first: a clear message with the attempts left, nothing sent.
    await enterPinAndSend(guest, wrongPin(s.pin));
    await guest.getByText(/Wrong PIN\. 2 attempts left/).waitFor();
    await screenshot(guest, 'send-guest-wrong-pin-phone');

    const readBefore = bytesRead();
    await enterPinAndSend(guest, s.pin);
    await guest.locator('#transfer').waitFor();
    // The receiver sees the guest and its progress.
    await receiver.locator('.guest-card').first().waitFor();
    await guest.getByRole('heading', { name: 'All 4 files arrived' }).waitFor({ timeout: 90_000 });
    await receiver.locator('#download-all[data-count="4"]').waitFor({ timeout: 15_000 });
    const readDuring = bytesRead() - readBefore;
    assert.ok(
      readDuring < totalBytes / 100,
      `the server read ${readDuring} bytes while ${totalBytes} file bytes moved (must stay under 1%)`,
    );
    await screenshot(guest, 'send-guest-done-phone');

    // Names from the guest are text, never markup.
    assert.equal(await receiver.locator('#file-list b').count(), 0, 'no <b> element from a file name');
    assert.equal(await guest.locator('#success-list b').count(), 0);

    // Each file saved one by one, as an ordinary download, byte for byte.
    for (const f of files) {
      const shown = sanitizeFileName(f.name);
      const { download, data } = await saveByLink(receiver, shown);
      assert.equal(sha256(data), sha256(f.data), `${f.name}: same SHA-256`);
      assert.ok(download.suggestedFilename().length > 0);
    }
    // And all of them as one ZIP, streamed into the file picked in the save dialog.
    const zip = await downloadAllZip(receiver, 'picker');
    assert.match(zip.name, /^Homework week 3 \d{4}-\d{2}-\d{2}\.zip$/);
    const entries = insideTopFolder(readZip(zip.data), zip.name);
    assert.deepEqual(entries.map((e) => e.name).sort(), files.map((f) => sanitizeFileName(f.name)).sort());
    for (const f of files) {
      const entry = entries.find((e) => e.name === sanitizeFileName(f.name))!;
      assert.equal(sha256(entry.data), sha256(f.data), `${f.name} in the ZIP: same SHA-256`);
    }
    await receiver
      .getByText('All files received and verified', { exact: false })
      .or(receiver.getByText(/4 files received and verified/))
      .first()
      .waitFor();
    await screenshot(receiver, 'receive-waiting-done-desktop');
    await screenshotDark(receiver, 'receive-waiting-done-desktop');

    // The server recorded what arrived (names, sizes, digests), without the bytes.
    const owner = await new Client(flow.server.url).login();
    const state = await owner.request('GET', `/api/p2p/receive/${s.token}/state`);
    assert.equal(state.status, 200);
    assert.equal(state.body.files.length, 4);
    assert.deepEqual(
      new Set(state.body.files.map((f: { sha256: string }) => f.sha256)),
      new Set(files.map((f) => sha256(f.data))),
    );

    // Phone-size screenshots of the receiver's pages.
    await receiver.setViewportSize(PHONE);
    await screenshot(receiver, 'receive-waiting-phone');
    await receiver.setViewportSize(DESKTOP);

    // Once saved, the received files can be removed from this browser's storage; a reload then says so.
    const storedTransfers = () =>
      receiver.evaluate(async () => {
        const root = await navigator.storage.getDirectory();
        const base = await root.getDirectoryHandle('phuppi-transfers').catch(() => null);
        const names: string[] = [];
        if (base)
          for await (const name of (base as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
        return names;
      });
    assert.equal((await storedTransfers()).length, 1, "the guest's transfer is stored in OPFS");
    let question = '';
    receiver.once('dialog', (d) => (question = d.message())); // the flow helper accepts dialogs
    await receiver.getByRole('button', { name: 'Remove from this browser' }).click();
    await receiver.getByText('Removed 4 files from this browser.').waitFor();
    assert.match(question, /Remove 4 received files from this browser\?/);
    assert.equal(await receiver.locator('.received-file').count(), 0);
    assert.ok(await receiver.getByRole('button', { name: 'Download all', exact: true }).isDisabled());
    assert.deepEqual(await storedTransfers(), []);
    await receiver.reload();
    await receiver.getByText('this browser no longer holds it', { exact: false }).first().waitFor();
    assert.equal(await receiver.locator('.received-file--gone').count(), 4);

    await receiver.setViewportSize(PHONE);
    await receiver.goto(`${flow.server.url}/p2p/receive`);
    await receiver.locator('.session-item').first().waitFor();
    await screenshot(receiver, 'receive-create-phone');
    await receiver.setViewportSize(DESKTOP);
    await screenshot(receiver, 'receive-create-desktop');
    const desktopGuest = await guestPage(s.guestUrl, DESKTOP);
    await desktopGuest.getByLabel('PIN', { exact: true }).waitFor();
    await screenshot(desktopGuest, 'send-guest-desktop');
    await receiver.close();
  });
  test('a wrong PIN three times locks that device out (with the time), not other guests', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Lock test' });
    const guest = await guestPage(s.guestUrl);
    await chooseFiles(guest, [{ name: 'a.txt', data: Buffer.from('a') }]);
    const wrong = wrongPin(s.pin);
    await enterPinAndSend(guest, wrong);
    await guest.getByText(/Wrong PIN\. 2 attempts left/).waitFor();
    await enterPinAndSend(guest, wrong);
    await guest.getByText(/Wrong PIN\. 1 attempt left/).waitFor();
    await enterPinAndSend(guest, wrong);
    await guest.getByText(/Locked after 3 wrong PINs\. Try again in 1[45] min/).waitFor();
    assert.equal(await guest.getByLabel('PIN', { exact: true }).isDisabled(), true);
    await screenshot(guest, 'send-guest-locked-phone');
    // Reloading does not help: the page says it is locked.
    await guest.reload();
    await guest.getByText(/Too many wrong PINs/).waitFor();
    // Another device (another address) is not locked out by this stranger.
    const other = new Client(flow.server.url, nextIp());
    const verify = await other.request('POST', `/api/p2p/receive/${s.token}/verify-pin`, { pin: s.pin });
    assert.equal(verify.status, 200);
    assert.equal(verify.body.valid, true);
    await receiver.close();
  });

  test('an expired link: the guest on the page is told, and opening it again answers 410 with clear words', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Expiry test', expiry: '15 minutes' });
    const guest = await guestPage(s.guestUrl);
    await guest.getByLabel('PIN', { exact: true }).waitFor();
    await flow.server.running.store.db
      .updateTable('p2p_receive_sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token', '=', s.token)
      .execute();
    await guest.getByText('This link has expired').waitFor({ timeout: 15_000 });
    const response = await guest.goto(s.guestUrl);
    assert.equal(response?.status(), 410);
    await guest.getByRole('heading', { name: 'This link has expired' }).waitFor();
    await screenshot(guest, 'send-guest-expired-phone');
    await receiver.reload();
    await receiver.getByText(/This session has expired/).waitFor();
    await receiver.close();
  });

  test('the receiver cancels while the guest is on the page', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Cancel test' });
    const guest = await guestPage(s.guestUrl);
    await guest.getByLabel('PIN', { exact: true }).fill(s.pin);
    await receiver.getByRole('button', { name: 'Cancel session' }).click();
    await receiver.getByRole('button', { name: 'Yes, cancel session' }).click();
    await receiver.getByText(/This session was cancelled/).waitFor();
    await guest.getByText('This link was cancelled').waitFor({ timeout: 15_000 });
    assert.equal(await guest.locator('#send-form').isHidden(), true, 'no way left to send');
    const response = await guest.goto(s.guestUrl);
    assert.equal(response?.status(), 410);
    await guest.getByRole('heading', { name: 'This link was cancelled' }).waitFor();
    // The session list shows it as cancelled.
    await receiver.goto(`${flow.server.url}/p2p/receive`);
    await receiver.locator('.session-item', { hasText: 'Cancel test' }).getByText('Cancelled').waitFor();
    await receiver.close();
  });

  test('two guests send to one session at the same time', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Two guests' });
    // Alice sends a folder (paths kept), Bob two files; both have a "notes.txt".
    const folder = path.join(flow.dir, 'alice-folder');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    const a: TestFile[] = [
      { name: 'alice-folder/alice-8MiB.bin', data: randomBytes(8 * MiB) },
      { name: 'alice-folder/sub/notes.txt', data: Buffer.from('from Alice\n') },
    ];
    for (const f of a) writeFileSync(path.join(flow.dir, f.name), f.data);
    const b: TestFile[] = [
      diskFile('bob-6MiB.bin', randomBytes(6 * MiB)),
      { name: 'notes.txt', data: Buffer.from('from Bob, same name\n') },
    ];
    const [ga, gb] = await Promise.all([guestPage(s.guestUrl), guestPage(s.guestUrl)]);
    const [chooser] = await Promise.all([
      ga.waitForEvent('filechooser'),
      ga.getByRole('button', { name: 'Choose a folder' }).click(),
    ]);
    await chooser.setFiles(folder);
    await ga.getByText('alice-folder/sub/notes.txt').waitFor();
    await chooseFiles(gb, b);
    await Promise.all([enterPinAndSend(ga, s.pin), enterPinAndSend(gb, s.pin)]);
    await Promise.all([
      ga.getByRole('heading', { name: 'All 2 files arrived' }).waitFor({ timeout: 60_000 }),
      gb.getByRole('heading', { name: 'All 2 files arrived' }).waitFor({ timeout: 60_000 }),
    ]);
    await receiver.locator('#download-all[data-count="4"]').waitFor({ timeout: 15_000 });
    assert.equal(await receiver.locator('.guest-card').count(), 2);
    // Closing the save dialog saves nothing and says nothing.
    await receiver.evaluate(
      `window.showSaveFilePicker = async () => { throw new DOMException('The user aborted a request.', 'AbortError'); }`,
    );
    await receiver.getByRole('button', { name: 'Download all', exact: true }).click();
    await receiver
      .getByRole('button', { name: 'Download all', exact: true })
      .and(receiver.locator(':enabled'))
      .waitFor();
    assert.equal((await receiver.locator('#zip-status').textContent())?.trim(), '');
    // A browser without the dialog downloads the ZIP.
    const zip = await downloadAllZip(receiver, 'download');
    const entries = insideTopFolder(readZip(zip.data), zip.name);
    assert.equal(entries.length, 4);
    // One folder per guest keeps the two "notes.txt" apart.
    assert.ok(
      entries.every((e) => /^guest [12]\//.test(e.name)),
      entries.map((e) => e.name).join(', '),
    );
    const alice = entries
      .filter((e) => e.name.includes('alice-folder/'))
      .map((e) => e.name.replace(/^guest [12]\//, ''))
      .sort();
    assert.deepEqual(
      alice,
      ['alice-folder/alice-8MiB.bin', 'alice-folder/sub/notes.txt'],
      'folder paths kept in the ZIP',
    );
    assert.deepEqual(new Set(entries.map((e) => sha256(e.data))), new Set([...a, ...b].map((f) => sha256(f.data))));
    await receiver.close();
  });

  test('files dropped on the page are sent; one damaged on the way is caught by its checksum and sent again', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Dropped files' });
    const guest = await flow.guestPage(s.guestUrl, { viewport: PHONE, initScript: DAMAGE_ONE_FRAME });
    const files: TestFile[] = [
      { name: 'dropped-scan.bin', data: randomBytes(3 * MiB) },
      { name: 'dropped note.txt', data: Buffer.from('dropped, not chosen\n') },
    ];
    const dataTransfer = await guest.evaluateHandle(
      (list) => {
        const dt = new DataTransfer();
        for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
        return dt;
      },
      files.map((f) => ({ name: f.name, base64: f.data.toString('base64') })),
    );
    await guest.dispatchEvent('#dropzone', 'dragenter', { dataTransfer });
    assert.equal(
      await guest.locator('#dropzone').evaluate((e) => e.classList.contains('dropzone--over')),
      true,
      'the drop zone lights up',
    );
    await guest.dispatchEvent('#dropzone', 'drop', { dataTransfer });
    await guest.getByText('dropped note.txt').waitFor();
    assert.equal(await guest.locator('#dropzone').evaluate((e) => e.classList.contains('dropzone--over')), false);
    await enterPinAndSend(guest, s.pin);
    await guest.getByRole('heading', { name: 'All 2 files arrived' }).waitFor({ timeout: 60_000 });
    await guest
      .getByText('1 file arrived damaged at first and was sent again automatically.', { exact: false })
      .waitFor();
    await screenshot(guest, 'send-guest-mended-phone');
    await receiver.locator('#download-all[data-count="2"]').waitFor({ timeout: 15_000 });
    for (const f of files)
      assert.equal(sha256((await saveByLink(receiver, f.name)).data), sha256(f.data), `${f.name} arrived intact`);
    await receiver.close();
  });

  test('the receiver is not online yet: the guest waits, and the files go once the waiting page opens', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Later' });
    const waitingUrl = receiver.url();
    await receiver.goto(`${flow.server.url}/p2p/receive`);
    const guest = await guestPage(s.guestUrl);
    const file = { name: 'later.txt', data: Buffer.from('sent once the receiver came back\n') };
    await chooseFiles(guest, [file]);
    await enterPinAndSend(guest, s.pin);
    await guest.getByText(/page isn't open right now\. Keep this page open/).waitFor({ timeout: 20_000 });
    await screenshot(guest, 'send-guest-waiting-phone');
    await receiver.goto(waitingUrl);
    await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 90_000 });
    const { data } = await saveByLink(receiver, 'later.txt');
    assert.equal(sha256(data), sha256(file.data));
    await receiver.close();
  });

  test('the receiver reloads mid-transfer: the page reconnects and the transfer finishes intact', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Reload test' });
    const big = diskFile('reload-64MiB.bin', randomBytes(64 * MiB));
    const guest = await guestPage(s.guestUrl);
    await chooseFiles(guest, [big]);
    await enterPinAndSend(guest, s.pin);
    const bar = receiver.locator('.guest-card .progress-block').first().getByRole('progressbar');
    await receiver.waitForFunction(
      () => Number(document.querySelector('.guest-card [role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >= 10,
      undefined,
      { polling: 50, timeout: 60_000 },
    );
    await guest.screenshot({ path: path.join(SCREENSHOTS, 'send-guest-sending-phone.png'), animations: 'disabled' });
    const before = Number(await bar.getAttribute('aria-valuenow'));
    assert.ok(before < 100, `reloaded at ${before}%`);
    await receiver.reload();
    await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 150_000 });
    await receiver.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    const { data } = await saveByLink(receiver, 'reload-64MiB.bin');
    assert.equal(sha256(data), sha256(big.data));
    // It resumed from what was stored before the reload instead of starting over.
    const resumedFrom = Number(await receiver.locator('.guest-card').first().getAttribute('data-resumed-from'));
    assert.ok(resumedFrom > 0, `resumed from byte ${resumedFrom}`);
    await receiver.close();
  });
  test('the scan page reads the QR code from the camera (after permission) and opens the guest page', async () => {
    const receiver = await receiverPage();
    const s = await createSession(receiver, { label: 'Scan test' });
    await receiver.close();
    const video = path.join(flow.dir, 'qr.y4m');
    writeQrVideo(video, s.guestUrl);
    const camBrowser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await camBrowser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${flow.server.url}/scan`);
      await page.getByRole('heading', { name: 'Scan QR code' }).waitFor();
      await screenshot(page, 'scan-phone');
      // Nothing asks for the camera until the button is pressed.
      assert.equal(await page.locator('#viewport').isHidden(), true);
      await context.grantPermissions(['camera'], { origin: flow.server.url });
      await page.getByRole('button', { name: 'Start camera' }).click();
      await page.waitForURL(s.guestUrl, { timeout: 20_000 });
      await page.getByLabel('PIN', { exact: true }).waitFor();
    } finally {
      await camBrowser.close();
    }
  });
  test('works on a plain http:// LAN-style address (no secure context: no OPFS, no crypto.subtle)', async () => {
    // A made-up host name that resolves to the test server: Chromium does not treat it as a secure context.
    const port = new URL(flow.server.url).port;
    const insecure = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP phuppi-lan.test 127.0.0.1'],
    });
    try {
      const base = `http://phuppi-lan.test:${port}`;
      const rc = await insecure.newContext({ viewport: DESKTOP, acceptDownloads: true });
      const receiver = await rc.newPage();
      receiver.on('dialog', (d) => void d.accept());
      await logInTo(receiver, base, '/p2p/receive');
      await receiver.getByRole('button', { name: 'Create receive session' }).click();
      await receiver.waitForURL(/\/waiting$/);
      assert.equal(await receiver.evaluate(() => window.isSecureContext), false);
      const pin = (await receiver.locator('#pin').textContent())!.trim();
      const sharePath = new URL(await receiver.locator('#share-url').inputValue()).pathname;
      const gc = await insecure.newContext({
        viewport: PHONE,
        isMobile: true,
        hasTouch: true,
        extraHTTPHeaders: { 'x-forwarded-for': nextIp() },
      });
      const guest = await gc.newPage();
      await guest.goto(base + sharePath);
      assert.equal(await guest.evaluate(() => window.isSecureContext || typeof crypto.subtle !== 'undefined'), false);
      const file = diskFile('plain-http-3MiB.bin', randomBytes(3 * MiB));
      await chooseFiles(guest, [file]);
      await enterPinAndSend(guest, pin);
      await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
      await receiver
        .getByText(/into memory/)
        .or(receiver.getByText('received and verified', { exact: false }))
        .first()
        .waitFor();
      const { data } = await saveByLink(receiver, 'plain-http-3MiB.bin');
      assert.equal(sha256(data), sha256(file.data));
    } finally {
      await insecure.close();
    }
  });
});
