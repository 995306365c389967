import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { logInTo, screenshot, screenshotDark } from '../helpers/p2p-flow.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const SCREENSHOTS = process.env.PHUPPI_SCREENSHOT_DIR;

/**
 * Saves a screenshot of a passing state when PHUPPI_SCREENSHOT_DIR is set (how the pages were looked at);
 * otherwise nothing. The README's shots go to docs/screenshots/ always.
 */
async function snap(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

describe('accounts in a real browser', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  const teacher = { username: 'teacher', password: 'teacher-password-1' };
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const admin = await new Client(server.url).login();
    assert.equal((await admin.send('POST', '/api/users', teacher)).status, 201);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a user changes their password on the Account page; their other device is logged out, this one is not', async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await logInTo(otherPage, server.url, '/p2p/receive', teacher);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logInTo(page, server.url, '/p2p/receive', teacher);
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL(`${server.url}/account`);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await screenshot(page, 'account-phone');
    await screenshotDark(page, 'account-phone');

    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('fresh-password-2');
    await page.getByLabel('New password again').fill('fresh-password-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your current password is not right.' }).waitFor();

    await page.getByLabel('Current password').fill(teacher.password);
    await page.getByLabel('New password again').fill('something-else-3');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'not the same' }).waitFor();

    await page.getByLabel('New password again').fill('fresh-password-2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    await snap(page, 'account-changed-phone');

    await page.goto(`${server.url}/p2p/receive`);
    assert.equal(page.url(), `${server.url}/p2p/receive`, 'this device stays logged in');
    await otherPage.goto(`${server.url}/p2p/receive`);
    assert.match(otherPage.url(), /\/login\?next=/, 'the other device was logged out');
    teacher.password = 'fresh-password-2';
    await context.close();
    await other.close();
  });

  test('an admin resets a password, disables and re-enables, grants admin and deletes on the Users page', async () => {
    // The teacher has a receive session open with a guest link out there.
    const teacherApi = await new Client(server.url).login(teacher.username, teacher.password);
    const receive = (await teacherApi.send('POST', '/api/p2p/receive/create', { label: 'Homework' })).body;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logInTo(page, server.url, '/admin/users');
    const row = (name: string) =>
      page.locator('#user-list li', { has: page.locator('.user-row__name', { hasText: new RegExp(`^${name}$`) }) });
    await row('teacher').waitFor();
    assert.equal(await row('admin').getByRole('button', { name: 'Delete' }).count(), 0, 'no Delete on your own row');
    assert.equal(await row('admin').getByRole('button', { name: 'Disable' }).count(), 0, 'no Disable on your own row');
    await screenshot(page, 'admin-users-desktop');
    await screenshotDark(page, 'admin-users-desktop');

    // Reset password: a dialog asks for the new one.
    await row('teacher').getByRole('button', { name: 'Reset password' }).click();
    const reset = page.getByRole('dialog');
    await reset.getByRole('heading', { name: 'New password for teacher' }).waitFor();
    await reset.getByLabel('New password').fill('short');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
    await snap(page, 'admin-users-reset-desktop');
    await reset.getByLabel('New password').fill('reset-by-admin-4');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('status').filter({ hasText: 'teacher has a new password' }).waitFor();
    assert.equal((await teacherApi.request('GET', '/api/auth/me')).status, 401, 'the teacher was logged out');

    // Disable: the teacher's guest link stops working with a clear page.
    await row('teacher').getByRole('button', { name: 'Disable' }).click();
    await row('teacher').getByText('Disabled', { exact: true }).waitFor();
    const guest = await browser.newPage();
    const answer = await guest.goto(`${server.url}/p2p/receive/${receive.shortcode}`);
    assert.equal(answer?.status(), 410);
    assert.match((await guest.textContent('main')) ?? '', /cancel/i);
    await guest.close();
    const refused = await new Client(server.url).request('POST', '/api/auth/login', {
      username: teacher.username,
      password: 'reset-by-admin-4',
    });
    assert.equal(refused.body.code, 'ACCOUNT_DISABLED');
    await row('teacher').getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('status').filter({ hasText: 'teacher can log in again' }).waitFor();
    await new Client(server.url).login(teacher.username, 'reset-by-admin-4');

    // The only admin cannot step down; after granting the teacher admin, they can.
    await row('admin').getByRole('button', { name: 'Remove administrator' }).click();
    await page.getByRole('alert').filter({ hasText: 'no active administrator' }).waitFor();
    await row('teacher').getByRole('button', { name: 'Make administrator' }).click();
    await row('teacher').getByText('Administrator', { exact: true }).waitFor();
    await row('teacher').getByRole('button', { name: 'Remove administrator' }).click();
    await row('teacher').getByText('User', { exact: true }).waitFor();

    // Delete, after a confirmation dialog.
    await row('teacher').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('heading', { name: 'Delete teacher?' }).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await row('teacher').waitFor();
    await row('teacher').getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('status').filter({ hasText: 'teacher is deleted' }).waitFor();
    assert.equal(await row('teacher').count(), 0);
    await context.close();
  });

  test('the Users page on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logInTo(page, server.url, '/admin/users');
    await page.locator('#user-list li').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await screenshot(page, 'admin-users-phone');
    await context.close();
  });
});
