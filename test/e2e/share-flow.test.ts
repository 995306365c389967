/**
 * Forward P2P end to end in real Chromium: a logged-in sender (desktop size) chooses files and creates
 * a share; recipients (phone size, each from its own client address) enter the PIN and download the files
 * browser to browser. Also: wrong PIN and lock, cancel while downloading, the sender offline, resume after a
 * cut and after reloads of either page (the sender's files kept in OPFS). Screenshots of both pages land in docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sanitizeFileName } from '../../src/shared/file-names.ts';
import { browserSkipReason, forwardWarnings } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import {
  DAMAGE_ONE_FRAME,
  DESKTOP,
  downloadAllZip,
  MiB,
  PHONE,
  readQr,
  saveByLink as saveDownload,
  screenshot,
  screenshotDark,
  setFiles,
  sha256,
  type TestFile,
  useP2pFlow,
  waitFor,
  wrongPin,
} from '../helpers/p2p-flow.ts';
import { ADMIN } from '../helpers/server.ts';
import { insideTopFolder, readZip } from './fixtures/receive-zip.ts';

const skip = browserSkipReason();

/** Test-only: remember every RTCPeerConnection a page makes, so a test can cut the connection. */
const TRACK_PEER_CONNECTIONS = `(() => {
  const Original = window.RTCPeerConnection;
  if (!Original) return;
  const all = [];
  window.__peerConnections = all;
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); all.push(this); }
  };
})();`;

describe('Forward P2P: send files to guests, browser to browser', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-share-e2e-', addressPrefix: '192.0.2', ownerLabel: 'sender' });
  const { bytesRead, diskFile } = flow;
  let big: TestFile;

  before(() => {
    big = diskFile('random-64MiB.bin', randomBytes(64 * MiB));
  });

  function senderPage(): Promise<Page> {
    return flow.ownerPage('/p2p', 'Send files');
  }

  async function chooseFiles(page: Page, files: TestFile[]): Promise<void> {
    await setFiles(page.locator('#file-input'), files);
  }

  async function createShare(page: Page, files: TestFile[], options: { keepCopy?: boolean } = {}) {
    await page.goto(`${flow.server.url}/p2p`);
    await chooseFiles(page, files);
    await page.getByText(`${files.length} ${files.length === 1 ? 'file' : 'files'} chosen`).waitFor();
    if (options.keepCopy) await page.getByLabel(/Keep a copy in this browser/).check();
    await page.getByRole('button', { name: 'Create share' }).click();
    await page.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    await page.locator('#share').waitFor();
    const pin = (await page.locator('#pin').textContent())!.trim();
    const shareUrl = await page.locator('#share-url').inputValue();
    const token = new URL(page.url()).searchParams.get('share')!;
    assert.match(pin, /^\d{2}$/);
    assert.match(new URL(shareUrl).pathname, /^\/p2p\/[A-Za-z0-9_-]{12}$/);
    // The share URL may name the LAN address; the test server listens on 127.0.0.1.
    return { pin, shareUrl, token, guestUrl: flow.server.url + new URL(shareUrl).pathname };
  }

  function guestPage(url: string, viewport = PHONE): Promise<Page> {
    return flow.guestPage(url, {
      viewport,
      acceptDownloads: true,
      acceptDialogs: true,
      initScript: TRACK_PEER_CONNECTIONS,
    });
  }

  async function enterPin(page: Page, pin: string): Promise<void> {
    await page.getByLabel('PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Get the files' }).click();
  }

  async function overallPercent(page: Page): Promise<number> {
    const value = await page.locator('#overall-progress [role=progressbar]').getAttribute('aria-valuenow');
    return Number(value ?? 0);
  }

  async function waitForPercent(page: Page, atLeast: number): Promise<number> {
    try {
      await page.waitForFunction(
        (min) =>
          Number(document.querySelector('#overall-progress [role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) >=
          min,
        atLeast,
        {
          timeout: 120_000,
          polling: 50,
        },
      );
    } catch (e) {
      // Say where it stood: the guest's status line and percentage.
      const where = await page
        .evaluate(() => `${document.querySelector('#transfer-status, [role=status]')?.textContent ?? ''}`)
        .catch(() => '?');
      throw new Error(
        `not at ${atLeast}% after 120 s: ${await overallPercent(page).catch(() => '?')}%, status “${where}”`,
        { cause: e },
      );
    }
    return overallPercent(page);
  }

  async function saveByLink(page: Page, name: string): Promise<Buffer> {
    return (await saveDownload(page, name)).data;
  }

  /** The guests are phones: no save dialog, an ordinary download. */
  async function saveZip(page: Page) {
    const zip = await downloadAllZip(page, 'download');
    assert.match(zip.name, /\.zip$/);
    return insideTopFolder(readZip(zip.data), zip.name);
  }

  const ARRIVED = /All \d+ files have arrived|Your file has arrived/;

  test('the whole flow: four files to two recipients at once, saved one by one and as a ZIP; QR; PIN; no file bytes through the server', async () => {
    const files: TestFile[] = [
      diskFile('empty.txt', Buffer.alloc(0)),
      diskFile('Отчёт 報告 ✓.txt', Buffer.from('Привет, 世界! Non-Latin content.\n'.repeat(100))),
      { name: '<b>x</b>.txt', data: Buffer.from('<script>alert(1)</script> markup stays text\n') },
      big,
    ];
    const totalBytes = files.reduce((s, f) => s + f.data.length, 0);

    const sender = await senderPage();
    await chooseFiles(sender, files);
    await sender.getByText('4 files chosen').waitFor();
    await screenshot(sender, 'share-send-create-desktop');
    const s = await createShare(sender, files);
    await sender.getByRole('img', { name: /QR code/ }).waitFor();
    assert.equal(await readQr(sender.locator('#qr')), s.shareUrl, 'QR code = share URL');
    assert.equal(await sender.locator('#offered-list b').count(), 0, 'no <b> element from a file name');
    await screenshot(sender, 'share-send-desktop');

    // Two recipients on phones, from two addresses.
    const [a, b] = [await guestPage(s.guestUrl), await guestPage(s.guestUrl)];
    await a.getByRole('heading', { name: ADMIN.username }).waitFor();
    for (const f of files) await a.getByText(sanitizeFileName(f.name), { exact: true }).waitFor();
    assert.equal(await a.getByLabel('PIN', { exact: true }).getAttribute('inputmode'), 'numeric');
    assert.equal(await a.locator('#download-list b').count(), 0, 'no <b> element from a file name');
    await screenshot(a, 'share-guest-phone');
    await screenshotDark(a, 'share-guest-phone');

    // A wrong PIN first: a clear message with the attempts left, nothing downloaded.
    await enterPin(a, wrongPin(s.pin));
    await a.getByText(/Wrong PIN\. 2 attempts left/).waitFor();
    await screenshot(a, 'share-guest-wrong-pin-phone');

    const readBefore = bytesRead();
    await Promise.all([enterPin(a, s.pin), enterPin(b, s.pin)]);
    // Both download at the same time; the sender sees each recipient with its progress.
    await sender.locator('.guest-card').nth(1).waitFor();
    await a
      .getByText(/Downloading|arrived/)
      .first()
      .waitFor({ timeout: 30_000 });
    await Promise.all([
      a.getByText(ARRIVED).waitFor({ timeout: 120_000 }),
      b.getByText(ARRIVED).waitFor({ timeout: 120_000 }),
    ]);
    const readDuring = bytesRead() - readBefore;
    assert.ok(
      readDuring < (2 * totalBytes) / 100,
      `the server read ${readDuring} bytes while ${2 * totalBytes} file bytes moved (must stay under 1%)`,
    );
    await a.getByRole('heading', { name: ADMIN.username }).scrollIntoViewIfNeeded();
    await screenshot(a, 'share-guest-done-phone');

    // Each file saved one by one, as an ordinary download, byte for byte.
    for (const f of files)
      assert.equal(sha256(await saveByLink(a, sanitizeFileName(f.name))), sha256(f.data), `${f.name}: same SHA-256`);
    // And all of them as one ZIP, on both phones.
    for (const page of [a, b]) {
      const entries = await saveZip(page);
      assert.deepEqual(entries.map((e) => e.name).sort(), files.map((f) => sanitizeFileName(f.name)).sort());
      for (const f of files)
        assert.equal(
          sha256(entries.find((e) => e.name === sanitizeFileName(f.name))!.data),
          sha256(f.data),
          `${f.name} in the ZIP`,
        );
    }

    // The sender sees both done; the server recorded what each recipient got (with digests), no bytes.
    await sender.locator('.guest-card[data-phase="done"]').nth(1).waitFor({ timeout: 15_000 });
    await screenshot(sender, 'share-send-done-desktop');
    await screenshotDark(sender, 'share-send-done-desktop');
    const owner = await new Client(flow.server.url).login();
    await waitFor(async () =>
      (await owner.request('GET', `/api/p2p/${s.token}/state`)).body.guests.every(
        (g: { state: string }) => g.state === 'done',
      ),
    );
    const state = await owner.request('GET', `/api/p2p/${s.token}/state`);
    assert.equal(state.body.guests.length, 2);
    for (const g of state.body.guests) {
      assert.deepEqual(
        new Set(g.files.map((f: { sha256: string }) => f.sha256)),
        new Set(files.map((f) => sha256(f.data))),
      );
    }

    // Phone-size screenshots of the sender's page, a desktop one of the guest page.
    await sender.setViewportSize(PHONE);
    await screenshot(sender, 'share-send-phone');
    await sender.setViewportSize(DESKTOP);
    const desktopGuest = await guestPage(s.guestUrl, DESKTOP);
    await desktopGuest.getByLabel('PIN', { exact: true }).waitFor();
    await screenshot(desktopGuest, 'share-guest-desktop');
    await sender.close();
  });

  test('wrong PINs lock this device out with a clear message; an unknown link is a friendly 404', async () => {
    const owner = await new Client(flow.server.url).login();
    const created = await owner.send('POST', '/api/p2p/create', {
      files: [{ name: 'a.txt', size: 1, type: 'text/plain' }],
    });
    assert.equal(created.status, 201);
    const pin: string = created.body.pin;
    const guest = await guestPage(flow.server.url + new URL(created.body.url).pathname);
    for (const left of [2, 1]) {
      await enterPin(guest, wrongPin(pin));
      await guest.getByText(`Wrong PIN. ${left} ${left === 1 ? 'attempt' : 'attempts'} left`).waitFor();
    }
    await enterPin(guest, wrongPin(pin));
    await guest.getByText(/Locked after 3 wrong PINs\. Try again in/).waitFor();
    assert.equal(await guest.getByLabel('PIN', { exact: true }).isDisabled(), true);
    await screenshot(guest, 'share-guest-locked-phone');

    const missing = await guest.goto(`${flow.server.url}/p2p/NoSuchCode12`);
    assert.equal(missing?.status(), 404);
    await guest.getByRole('heading', { name: "This link doesn't exist" }).waitFor();
  });

  test('a file damaged on the way is caught by its checksum and sent again; the recipient is told and gets it intact', async () => {
    const file = { name: 'scan-to-damage.bin', data: randomBytes(3 * MiB) };
    const sender = await senderPage();
    const s = await createShare(sender, [file]);
    await sender.evaluate(DAMAGE_ONE_FRAME);
    const guest = await guestPage(s.guestUrl);
    await enterPin(guest, s.pin);
    await guest.getByText(ARRIVED).waitFor({ timeout: 60_000 });
    await guest
      .getByText(
        'Your file has arrived, each checked with its SHA-256. It arrived damaged at first and was sent again automatically.',
        { exact: false },
      )
      .waitFor();
    assert.equal(
      await guest.getByText('so it is being sent again', { exact: false }).first().isVisible(),
      false,
      'the mended file is no longer a warning',
    );
    await screenshot(guest, 'share-guest-mended-phone');
    assert.equal(sha256(await saveByLink(guest, file.name)), sha256(file.data));
    await sender.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 15_000 });
    await sender.close();
  });

  test('cancel while downloading: the recipient is told, the link answers 410', async () => {
    const huge = diskFile('zeros-256MiB.bin', Buffer.alloc(256 * MiB));
    const sender = await senderPage();
    const s = await createShare(sender, [huge]);
    const guest = await guestPage(s.guestUrl);
    await enterPin(guest, s.pin);
    await waitForPercent(guest, 3);
    await Promise.all([
      screenshot(guest, 'share-guest-downloading-phone'),
      screenshot(sender, 'share-send-downloading-desktop'),
    ]);
    await sender.getByRole('button', { name: 'Cancel share' }).click();
    await sender.getByRole('button', { name: 'Yes, cancel share' }).click();
    await sender.getByText('This share was cancelled.', { exact: false }).waitFor();
    await guest.getByText('This share was cancelled').first().waitFor({ timeout: 15_000 });
    assert.ok((await overallPercent(guest)) < 100, 'stopped before the end');
    assert.equal(await guest.getByRole('link', { name: 'zeros-256MiB.bin' }).count(), 0, 'nothing to save');
    await screenshot(guest, 'share-guest-cancelled-phone');
    const later = await guestPage(s.guestUrl);
    await later.getByRole('heading', { name: 'This link was cancelled' }).waitFor();
    assert.equal((await later.request.get(s.guestUrl)).status(), 410);
    await sender.close();
    rmSync(huge.path!);
  });

  test('sender offline, then resume after a cut, a reload of the guest page and a reload of the sender page (files kept in OPFS): byte-identical', async () => {
    const file = diskFile('random-160MiB.bin', randomBytes(160 * MiB));
    let sender = await senderPage();
    const s = await createShare(sender, [file], { keepCopy: true });
    await sender.getByText('A copy is kept in this browser').waitFor({ timeout: 60_000 });
    await sender.close();

    // The sender's page is closed: the guest is told to wait, and the download starts when it opens again.
    const guest = await guestPage(s.guestUrl);
    await enterPin(guest, s.pin);
    await guest.getByText("admin's page isn't open right now").waitFor({ timeout: 20_000 });
    await screenshot(guest, 'share-guest-waiting-phone');
    sender = await flow.ownerContext.newPage();
    sender.on('dialog', (d) => void d.accept());
    forwardWarnings(sender, 'sender');
    await sender.goto(`${flow.server.url}/p2p?share=${s.token}`);
    await sender.getByText('The files were restored from the copy kept in this browser').waitFor({ timeout: 15_000 });

    // 1. The connection drops (the guest's RTCPeerConnections closed): it resumes from the stored offset.
    const beforeCut = await waitForPercent(guest, 10);
    await guest.evaluate(() => {
      for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) pc.close();
    });
    await guest.getByText(/again\. Continuing where it stopped/).waitFor({ timeout: 30_000 });
    assert.ok((await overallPercent(guest)) >= beforeCut - 1, 'resumed from what was stored, not from 0');

    // 2. The guest reloads its page: same ticket (no PIN again), the bytes already in OPFS are kept.
    const beforeGuestReload = await waitForPercent(guest, Math.min(beforeCut + 20, 40));
    await guest.reload();
    await guest.getByText('PIN accepted').waitFor();
    const afterGuestReload = await waitForPercent(guest, 1);
    assert.ok(
      afterGuestReload >= beforeGuestReload - 1,
      `the reloaded guest page continued from the stored bytes (${afterGuestReload}% after, ${beforeGuestReload}% before)`,
    );

    // 3. The sender reloads its page: the files come back from OPFS and the download carries on.
    const beforeReload = await waitForPercent(guest, Math.min(beforeGuestReload + 20, 70));
    await sender.reload();
    await sender.getByText('The files were restored from the copy kept in this browser').waitFor({ timeout: 15_000 });
    await guest.getByText(ARRIVED).waitFor({ timeout: 120_000 });
    assert.ok(beforeReload < 100, 'the reload happened mid-transfer');
    assert.equal(
      sha256(await saveByLink(guest, file.name)),
      sha256(file.data),
      'same SHA-256 after a cut and two reloads',
    );
    await sender.locator('.guest-card[data-phase="done"]').waitFor({ timeout: 15_000 });
    await sender.close();
    rmSync(file.path!);
  });
});
