/**
 * Accessibility, checked in real Chromium. axe-core judges every page in the states the flows reach (login,
 * setup, account, users, scan, the owner's and the guest's pages of a receive session and of a share, from
 * the PIN step to the files arrived and the link cancelled), each at phone (390×844) and desktop (1280×800)
 * width: no serious or critical violation. And both flows work with the keyboard alone: Tab, Shift+Tab,
 * Enter, Space and typing, with the focus always visible.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { AxeAudit } from '../helpers/axe.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { chooseFilesByKeyboard, focusIndicator, tabTo } from '../helpers/keyboard.ts';
import { MiB, PHONE, setFiles, type TestFile, useP2pFlow, wrongPin } from '../helpers/p2p-flow.ts';
import { startTestServer } from '../helpers/server.ts';

const skip = browserSkipReason();

describe('accessibility of every page, and keyboard-only use of both flows', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-a11y-e2e-', addressPrefix: '198.51.100', ownerLabel: 'owner' });

  /** A fresh logged-out phone (touch) context's page. */
  async function phonePage(url: string): Promise<Page> {
    const context = await flow.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  /** On the owner's "Receive files" page: open a receive session; its PIN and the guest's URL. */
  async function createReceiveSession(owner: Page, label: string) {
    await owner.getByLabel('Label shown to guests').fill(label);
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    return openedSession(owner);
  }

  /** The PIN and the guest's URL shown on an owner's share card (the test server listens on 127.0.0.1). */
  async function openedSession(owner: Page) {
    const pin = (await owner.locator('#pin').textContent())!.trim();
    const guestUrl = flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname;
    return { pin, guestUrl };
  }

  /** The owner's page of a receive session once its event stream is live (the guest list then fills). */
  function liveReceiveOwner(owner: Page): Promise<void> {
    return owner.locator('#live-status').filter({ hasText: /live/i }).waitFor({ timeout: 15_000 });
  }

  /**
   * Waits until a transfer shows `during`, or (a fast machine) is over already and shows `after`; the states
   * after it are checked anyway. Returns what to add to the state's name: nothing, or that it was over.
   */
  async function whileMoving(during: Locator, after: Locator): Promise<string> {
    await during.or(after).first().waitFor({ timeout: 30_000 });
    return (await during.first().isVisible()) ? '' : ', over already';
  }

  test('axe: login, setup, account, users, scan and "no such link" pages', async () => {
    const audit = new AxeAudit();
    const login = await phonePage(`${flow.server.url}/login`);
    await login.getByRole('heading', { name: 'Log in' }).waitFor();
    await audit.check(login, 'login');
    await login.getByRole('button', { name: 'Log in' }).click();
    await login.getByRole('alert').filter({ hasText: 'Enter your username and password.' }).waitFor();
    await audit.check(login, 'login (error shown)');
    await audit.check(await phonePage(`${flow.server.url}/scan`), 'scan (logged out)');
    const missing = await phonePage(`${flow.server.url}/p2p/receive/noSuchLink12`);
    await missing.getByRole('heading', { name: "This link doesn't exist" }).waitFor({ timeout: 10_000 });
    await audit.check(missing, 'a link that does not exist');
    await login.context().close();

    const fresh = await startTestServer({ PHUPPI_ADMIN_USERNAME: '', PHUPPI_ADMIN_PASSWORD: '' });
    try {
      const setup = await phonePage(`${fresh.url}/`);
      await setup.getByRole('heading', { name: 'Set up Phuppi P2P' }).waitFor();
      await audit.check(setup, 'setup');
      await setup.getByRole('button', { name: 'Create administrator' }).click();
      await setup.getByRole('alert').and(setup.locator(':visible')).waitFor();
      await audit.check(setup, 'setup (error shown)');
      await setup.context().close();
    } finally {
      await fresh.close();
    }

    const owner = await flow.ownerPage('/account', 'Account');
    await audit.check(owner, 'account');
    await owner.getByLabel('Current password').fill('not-my-password');
    await owner.getByLabel('New password', { exact: true }).fill('fresh-password-2');
    await owner.getByLabel('New password again').fill('fresh-password-2');
    await owner.getByRole('button', { name: 'Change password' }).click();
    await owner.getByRole('alert').filter({ hasText: 'current password' }).waitFor();
    await audit.check(owner, 'account (error shown)');
    await owner.goto(`${flow.server.url}/admin/users`);
    await owner.locator('#user-list li').first().waitFor();
    await audit.check(owner, 'users');
    await owner
      .locator('#user-list li')
      .first()
      .getByRole('button', { name: /password/i })
      .first()
      .click();
    await owner.locator('dialog[open]').waitFor();
    await audit.check(owner, 'users (reset password dialog)');
    await owner.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();
    await owner.goto(`${flow.server.url}/scan`);
    await audit.check(owner, 'scan (logged in)');
    await owner.close();
    console.log(`axe checked: ${audit.checked.join('; ')}`);
    audit.assertClean();
  });

  test('axe: a receive session from both sides, from the PIN step to the files arrived and the link cancelled', async () => {
    const audit = new AxeAudit();
    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    await owner.locator('#sessions-status').filter({ hasNotText: 'Loading' }).waitFor();
    await audit.check(owner, 'receive-create (no sessions)');
    const s = await createReceiveSession(owner, 'Axe week');
    await owner.getByRole('img', { name: /QR code/ }).waitFor();
    await liveReceiveOwner(owner);
    const waitingUrl = owner.url();
    await audit.check(owner, 'receive-owner (waiting)');
    await owner.getByRole('button', { name: 'Cancel session' }).click();
    await audit.check(owner, 'receive-owner (cancel question)');
    await owner.getByRole('button', { name: 'Keep it' }).click();

    const guest = await flow.guestPage(s.guestUrl);
    await guest.getByLabel('PIN', { exact: true }).waitFor();
    await audit.check(guest, 'receive-guest (PIN step)');
    const file = flow.diskFile('axe-24MiB.bin', randomBytes(24 * MiB));
    await setFiles(guest.locator('#file-input'), [file]);
    await guest.getByText('1 file chosen').waitFor();
    await audit.check(guest, 'receive-guest (file chosen)');
    await guest.getByLabel('PIN', { exact: true }).fill(wrongPin(s.pin));
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    await guest.getByText(/Wrong PIN\. 2 attempts left/).waitFor();
    await audit.check(guest, 'receive-guest (wrong PIN)');

    // The owner's page is closed: the guest's transfer card waits for it.
    await owner.goto(`${flow.server.url}/p2p/receive`);
    await owner.locator('.session-item').first().waitFor();
    await audit.check(owner, 'receive-create (a session listed)');
    await guest.getByLabel('PIN', { exact: true }).fill(s.pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    await guest.getByText(/page isn't open right now/).waitFor({ timeout: 20_000 });
    await audit.check(guest, 'receive-guest (waiting for the owner)');

    await owner.goto(waitingUrl);
    const sending = await whileMoving(
      guest.locator('#transfer [role=progressbar]'),
      guest.getByRole('heading', { name: 'Your file arrived' }),
    );
    await audit.check(guest, `receive-guest (sending${sending})`);
    await owner.locator('.guest-card').first().waitFor();
    await audit.check(owner, 'receive-owner (a guest connected)');
    await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 90_000 });
    await audit.check(guest, 'receive-guest (done)');
    await owner.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    await audit.check(owner, 'receive-owner (files arrived)');

    // A second guest is locked out by wrong PINs; a third waits at the PIN step when the owner cancels.
    const locked = await flow.guestPage(s.guestUrl);
    for (let i = 0; i < 3; i++) {
      await locked.getByLabel('PIN', { exact: true }).fill(wrongPin(s.pin));
      await locked.getByRole('button', { name: 'Send', exact: true }).click();
      await locked.getByText(i < 2 ? /Wrong PIN/ : /Locked after 3 wrong PINs/).waitFor();
    }
    await audit.check(locked, 'receive-guest (locked)');
    const late = await flow.guestPage(s.guestUrl);
    await late.getByLabel('PIN', { exact: true }).waitFor();
    await owner.getByRole('button', { name: 'Cancel session' }).click();
    await owner.getByRole('button', { name: 'Yes, cancel session' }).click();
    await owner.getByText(/This session was cancelled/).waitFor();
    await audit.check(owner, 'receive-owner (cancelled)');
    await late.getByText('This link was cancelled').waitFor({ timeout: 15_000 });
    await audit.check(late, 'receive-guest (cancelled while open)');
    await late.goto(s.guestUrl);
    await late.getByRole('heading', { name: 'This link was cancelled' }).waitFor();
    await audit.check(late, 'receive-guest (link cancelled, 410)');
    await owner.close();
    console.log(`axe checked: ${audit.checked.join('; ')}`);
    audit.assertClean();
  });

  test('axe: a share from both sides, from choosing files to the files downloaded and the share cancelled', async () => {
    const audit = new AxeAudit();
    const owner = await flow.ownerPage('/p2p', 'Send files');
    await owner.locator('#shares-status').filter({ hasNotText: 'Loading' }).waitFor();
    await audit.check(owner, 'share-owner (compose)');
    const files: TestFile[] = [
      flow.diskFile('axe-share-24MiB.bin', randomBytes(24 * MiB)),
      { name: 'notes.txt', data: Buffer.from('notes\n') },
    ];
    await setFiles(owner.locator('#file-input'), files);
    await owner.getByText('2 files chosen').waitFor();
    await audit.check(owner, 'share-owner (files chosen)');
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.waitForURL(/\/p2p\?share=/);
    await owner.getByRole('img', { name: /QR code/ }).waitFor();
    await audit.check(owner, 'share-owner (share open)');
    const s = await openedSession(owner);

    const guest = await flow.guestPage(s.guestUrl, { acceptDownloads: true, acceptDialogs: true });
    await guest.getByLabel('PIN', { exact: true }).waitFor();
    await audit.check(guest, 'share-guest (PIN step)');
    await guest.getByLabel('PIN', { exact: true }).fill(wrongPin(s.pin));
    await guest.getByRole('button', { name: 'Get the files' }).click();
    await guest.getByText(/Wrong PIN\. 2 attempts left/).waitFor();
    await audit.check(guest, 'share-guest (wrong PIN)');
    await guest.getByLabel('PIN', { exact: true }).fill(s.pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();
    const downloading = await whileMoving(guest.getByText(/Downloading/), guest.getByText(/All 2 files have arrived/));
    await audit.check(guest, `share-guest (downloading${downloading})`);
    await guest.getByText(/All 2 files have arrived/).waitFor({ timeout: 90_000 });
    await audit.check(guest, 'share-guest (done)');
    await owner.locator('.guest-card').first().waitFor();
    await audit.check(owner, 'share-owner (a recipient served)');

    await owner.getByRole('button', { name: 'Cancel share' }).click();
    await owner.getByRole('button', { name: 'Yes, cancel share' }).click();
    await owner.getByText('This share was cancelled.', { exact: false }).waitFor();
    await audit.check(owner, 'share-owner (cancelled)');
    await guest.goto(s.guestUrl);
    await guest.getByRole('heading', { name: 'This link was cancelled' }).waitFor();
    await audit.check(guest, 'share-guest (link cancelled, 410)');
    await owner.close();
    console.log(`axe checked: ${audit.checked.join('; ')}`);
    audit.assertClean();
  });

  /** The focused control shows its focus clearly: an outline with at least 3:1 contrast on white. */
  async function assertFocusShown(page: Page, what: string): Promise<void> {
    const indicator = await focusIndicator(page);
    assert.ok(indicator, `no visible focus on ${what}`);
    assert.ok(
      indicator.contrast >= 3,
      `the focus outline of ${what} (${indicator.outline}) has contrast ${indicator.contrast}:1 on white, under 3:1`,
    );
  }

  /** Tab (or Shift+Tab) to `target`, and check that its focus shows; returns the stops on the way. */
  async function focusByKeyboard(page: Page, target: Locator, backwards = false): Promise<string[]> {
    const stops = await tabTo(page, target, { backwards });
    await assertFocusShown(page, stops.at(-1)!);
    return stops;
  }

  /** The page itself moved the focus to `target` (and it shows). */
  async function assertFocusMovedTo(target: Locator, what: string): Promise<void> {
    await target.waitFor();
    assert.equal(await target.evaluate((el) => el === document.activeElement), true, `the focus is on ${what}`);
  }

  test('keyboard only: the owner opens a receive session, copies the link; a guest sends a file; the owner saves it, removes the guest and cancels', async () => {
    await flow.ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: flow.server.url });
    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    const label = owner.getByLabel('Label shown to guests');
    const toLabel = await focusByKeyboard(owner, label);
    assert.ok(
      toLabel.some((stop) => stop.includes('Receive')),
      `the main navigation comes before the form: ${toLabel.join(' → ')}`,
    );
    await owner.keyboard.type('Keyboard week');
    // The expiry choice is one stop; an arrow key picks another.
    await focusByKeyboard(owner, owner.getByLabel('24 hours', { exact: true }));
    await owner.keyboard.press('ArrowLeft');
    assert.equal(await owner.getByLabel('1 hour', { exact: true }).isChecked(), true, 'the arrow key chose 1 hour');
    await focusByKeyboard(owner, owner.getByLabel('Most files'));
    await owner.keyboard.type('3');
    const create = owner.getByRole('button', { name: 'Create receive session' });
    await focusByKeyboard(owner, create);
    await owner.keyboard.press('Enter');
    await owner.waitForURL(/\/waiting$/);
    const s = await openedSession(owner);
    await liveReceiveOwner(owner);

    await focusByKeyboard(owner, owner.getByRole('button', { name: 'Copy link' }));
    await owner.keyboard.press('Enter');
    await owner.locator('#copy-status').filter({ hasText: 'Link copied.' }).waitFor();
    assert.equal(
      await owner.evaluate(() => navigator.clipboard.readText()),
      await owner.locator('#share-url').inputValue(),
    );
    // Back to the list of sessions: the guest's files then wait until the owner opens the session again.
    await focusByKeyboard(owner, owner.getByRole('link', { name: '← All receive sessions' }), true);
    await owner.keyboard.press('Enter');
    await owner.waitForURL(`${flow.server.url}/p2p/receive`);

    // The guest, on a phone, with the keyboard alone.
    const guest = await flow.guestPage(s.guestUrl);
    const pin = guest.getByLabel('PIN', { exact: true });
    await focusByKeyboard(guest, pin);
    await guest.keyboard.type(s.pin);
    const fileInput = guest.locator('#file-input');
    await focusByKeyboard(guest, fileInput);
    const file = { name: 'by-keyboard.txt', data: Buffer.from('typed, tabbed and sent without a mouse\n') };
    await chooseFilesByKeyboard(guest, fileInput, [{ name: file.name, mimeType: 'text/plain', buffer: file.data }]);
    await guest.getByText('1 file chosen').waitFor();
    const send = guest.getByRole('button', { name: 'Send', exact: true });
    const toSend = await focusByKeyboard(guest, send);
    assert.ok(
      toSend.some((stop) => stop.includes('Choose a folder')),
      `the folder chooser is on the way to Send: ${toSend.join(' → ')}`,
    );
    // Back with Shift+Tab to the file chooser, and forward again.
    await focusByKeyboard(guest, fileInput, true);
    await focusByKeyboard(guest, send);
    await guest.keyboard.press('Enter');
    // The form goes away with the focused button in it: the focus moves to the transfer's status, not to <body>.
    await guest.getByText(/page isn't open right now/).waitFor({ timeout: 20_000 });
    await assertFocusMovedTo(guest.locator('#transfer-status'), 'the transfer’s status');

    // The owner opens the session from the list; the file arrives.
    await focusByKeyboard(owner, owner.getByRole('link', { name: 'Open Keyboard week' }));
    await owner.keyboard.press('Enter');
    await owner.waitForURL(/\/waiting$/);
    await guest.getByRole('heading', { name: 'Your file arrived' }).waitFor({ timeout: 60_000 });
    await assertFocusMovedTo(guest.locator('#success'), 'what arrived');

    // The owner saves the file, removes the guest and cancels the session, by keyboard.
    await owner.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    await focusByKeyboard(owner, owner.getByRole('link', { name: file.name }));
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.keyboard.press('Enter')]);
    assert.equal(readFileSync(await download.path()).toString(), file.data.toString());
    await focusByKeyboard(owner, owner.getByRole('button', { name: 'Remove guest 1' }));
    await owner.keyboard.press('Enter'); // the page's question is accepted by the flow helper
    await owner.locator('.guest-card').getByText('Removed by you', { exact: false }).waitFor();
    await focusByKeyboard(owner, owner.getByRole('button', { name: 'Cancel session' }), true);
    await owner.keyboard.press('Enter');
    const yes = owner.getByRole('button', { name: 'Yes, cancel session' });
    await assertFocusMovedTo(yes, 'the question’s “Yes”');
    await assertFocusShown(owner, 'the question’s “Yes”');
    await owner.keyboard.press('Space');
    await owner.getByText(/This session was cancelled/).waitFor();
    await owner.close();
  });

  test('keyboard only: the owner shares a file; the guest enters the PIN and saves the file and the ZIP', async () => {
    const owner = await flow.ownerPage('/p2p', 'Send files');
    const file = { name: 'handout.txt', data: Buffer.from('shared by keyboard\n'.repeat(1000)) };
    const fileInput = owner.locator('#file-input');
    await focusByKeyboard(owner, fileInput);
    await chooseFilesByKeyboard(owner, fileInput, [{ name: file.name, mimeType: 'text/plain', buffer: file.data }]);
    await owner.getByText('1 file chosen').waitFor();
    await focusByKeyboard(owner, owner.getByRole('button', { name: 'Create share' }));
    await owner.keyboard.press('Enter');
    await owner.waitForURL(/\/p2p\?share=/);
    const s = await openedSession(owner);

    const guest = await flow.guestPage(s.guestUrl, { acceptDownloads: true, acceptDialogs: true });
    await focusByKeyboard(guest, guest.getByLabel('PIN', { exact: true }));
    await guest.keyboard.type(s.pin);
    await guest.keyboard.press('Enter'); // submits the PIN form
    await guest.getByText(/Your file has arrived/).waitFor({ timeout: 60_000 });
    const downloadAll = guest.getByRole('button', { name: /^Download all/ });
    await assertFocusMovedTo(downloadAll, '“Download all”');
    await focusByKeyboard(guest, guest.getByRole('link', { name: file.name }));
    const [one] = await Promise.all([guest.waitForEvent('download'), guest.keyboard.press('Enter')]);
    assert.equal(readFileSync(await one.path()).toString(), file.data.toString());
    // A phone has no save dialog: the ZIP is an ordinary download.
    await guest.evaluate('delete window.showSaveFilePicker');
    await focusByKeyboard(guest, downloadAll);
    const [zip] = await Promise.all([guest.waitForEvent('download'), guest.keyboard.press('Space')]);
    assert.match(zip.suggestedFilename(), /\.zip$/);
    await guest.locator('#zip-status').filter({ hasText: 'saved to your downloads' }).waitFor();
    await owner.close();
  });

  test('keyboard only: the scan page’s photo chooser, inside “Camera not working?”, opens and shows its focus', async () => {
    const page = await flow.guestPage(`${flow.server.url}/scan`);
    await focusByKeyboard(page, page.getByText('Camera not working?'));
    await page.keyboard.press('Enter');
    const photoInput = page.locator('#photo-input');
    await focusByKeyboard(page, photoInput);
    const onePixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const photo = { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from(onePixel, 'base64') };
    assert.equal((await chooseFilesByKeyboard(page, photoInput, [photo])).multiple, false, 'one photo at a time');
  });
});
