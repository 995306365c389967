import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkipReason } from '../helpers/browser.ts';
import { logInTo } from '../helpers/p2p-flow.ts';
import { ADMIN, startTestServer } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/suite.ts';

describe('login page in a real browser', { skip: browserSkipReason() }, () => {
  const app = useServerAndBrowser();

  test('wrong password shows a message; the right one logs in and goes where the user was headed', async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/api/auth/me')}`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${server.url}/api/auth/me`);
    assert.match((await page.textContent('body')) ?? '', /"username":"admin"/);
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'phuppi_session')?.httpOnly, true);
  });

  test('on a new install the setup page takes the printed code and creates the first administrator', async () => {
    const fresh = await startTestServer({ PHUPPI_ADMIN_USERNAME: '', PHUPPI_ADMIN_PASSWORD: '' });
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const code = fresh.running.setupCode;
      assert.ok(code, 'a new install prints a setup code');
      const page = await context.newPage();
      await page.goto(`${fresh.url}/`);
      await page.waitForURL(`${fresh.url}/setup`);
      await page.getByLabel('Setup code').fill('WRONGWRONG22');
      await page.getByLabel('Username').fill('head-teacher');
      await page.getByLabel('Password').fill('head-teacher-password');
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.getByRole('alert').filter({ hasText: 'That setup code is not right.' }).waitFor();
      // Typed as a person copies it off a console: lower case, spaces around.
      await page.getByLabel('Setup code').fill(` ${code.toLowerCase()} `);
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.waitForURL(`${fresh.url}/p2p/receive`);
      const me = await page.request.get(`${fresh.url}/api/auth/me`);
      assert.deepEqual(
        [me.status(), (await me.json()).username, (await me.json()).isAdmin],
        [200, 'head-teacher', true],
      );
      // Once done, setup is gone for everybody: a stranger is sent to the login page.
      const stranger = await app.browser.newPage();
      await stranger.goto(`${fresh.url}/setup`);
      await stranger.waitForURL(`${fresh.url}/login`);
      await stranger.close();
    } finally {
      await context.close();
      await fresh.close();
    }
  });

  test('an administrator adds a user on the Users page, who can then log in', async () => {
    const { server, browser } = app;
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await logInTo(page, server.url, '/admin/users');
    await page.getByRole('link', { name: 'Users' }).waitFor();
    await page.getByLabel('Username').fill('teacher<b>');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
    await page.getByLabel('Password').fill('teacher-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'teacher<b> can now log in.' }).waitFor();
    await page.locator('#user-list').getByText('teacher<b>', { exact: true }).waitFor();
    assert.equal(await page.locator('#user-list b').count(), 0, 'names are text, not markup');
    await page.getByLabel('Username').fill('teacher<b>');
    await page.getByLabel('Password').fill('another-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').filter({ hasText: 'is taken' }).waitFor();
    await admin.close();

    const other = await browser.newContext();
    const teacher = await other.newPage();
    await logInTo(teacher, server.url, '/api/auth/me', { username: 'teacher<b>', password: 'teacher-password' });
    assert.match((await teacher.textContent('body')) ?? '', /"isAdmin":false/);
    await other.close();
  });

  test('without JavaScript the form cannot be sent natively (no password in a URL) and the page says why', async () => {
    const { server, browser } = app;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${server.url}/login`);
    assert.equal(
      await page.getByRole('button', { name: 'Log in' }).isDisabled(),
      true,
      'the button waits for the script',
    );
    // (Playwright turns scripts off without telling the HTML parser, so <noscript> is kept but not shown.)
    assert.match((await page.locator('noscript').textContent()) ?? '', /This page needs JavaScript/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByLabel('Password').press('Enter');
    // A native submission would be a new request right away; give it time to show up.
    await page.waitForTimeout(500);
    assert.deepEqual(
      requested.filter((url) => url.includes('password')),
      [],
    );
    assert.equal(page.url(), `${server.url}/login`);
    await context.close();
  });

  test('a button pressed while a logged-in page is still starting waits for the CSRF token', async () => {
    const { server, browser } = app;
    const context = await browser.newContext();
    const page = await context.newPage();
    await logInTo(page, server.url, '/p2p/receive');
    // The user's details (with the CSRF token) answer late, as on a slow network.
    let releaseMe: () => void = () => {};
    const meHeld = new Promise<void>((resolve) => (releaseMe = resolve));
    await context.route(`${server.url}/api/auth/me`, async (route) => {
      await meHeld;
      await route.continue();
    });
    await page.reload();
    const create = page.getByRole('button', { name: 'Create receive session' });
    await create.click();
    const posted = page.waitForRequest((r) => r.url().endsWith('/api/p2p/receive/create'));
    releaseMe();
    assert.ok((await posted).headers()['x-csrf-token'], 'the create request carries the token');
    await page.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    await context.close();
  });

  test('empty fields are caught before any request', async () => {
    const { server, browser } = app;
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
