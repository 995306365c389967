import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';

describe('login page in a real browser', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('wrong password shows a message; the right one logs in and goes where the user was headed', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/api/auth/me')}`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/api/auth/me`);
    assert.match(await page.textContent('body') ?? '', /"username":"admin"/);
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'phuppi_session')?.httpOnly, true);
  });

  test('empty fields are caught before any request', async () => {
    const page = await browser.newPage();
    let posted = false;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/login')) posted = true;
    });
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter your username and password.' }).waitFor();
    assert.equal(posted, false);
  });
});
