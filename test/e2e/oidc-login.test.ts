import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeAudit } from '../helpers/axe.ts';
import { browserSkipReason, launchBrowser } from '../helpers/browser.ts';
import { freePort } from '../helpers/free-port.ts';
import { Client } from '../helpers/http.ts';
import { HELD_PATH, startTestProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN_GROUP = 'phuppi-admins';
const OPEN = { clientId: 'phuppi-open', clientSecret: 'open-client-secret-0123456789' };
const CLOSED = { clientId: 'phuppi-closed', clientSecret: 'closed-client-secret-0123456789' };

/** Settings of a Phuppi server that signs in through the test provider. */
function oidcEnv(issuer: string, client: typeof OPEN, createUsers: boolean): Record<string, string> {
  return {
    PHUPPI_OIDC_ISSUER: issuer,
    PHUPPI_OIDC_CLIENT_ID: client.clientId,
    PHUPPI_OIDC_CLIENT_SECRET: client.clientSecret,
    PHUPPI_OIDC_NAME: 'Test School',
    PHUPPI_OIDC_SCOPES: 'openid profile email groups',
    PHUPPI_OIDC_ADMIN_GROUP: ADMIN_GROUP,
    PHUPPI_OIDC_CREATE_USERS: String(createUsers),
  };
}

describe('sign in with the organisation’s account (OpenID Connect) in a real browser', {
  skip: browserSkipReason(),
}, () => {
  let provider: TestProvider;
  /** Creates unknown users at their first sign-in. */
  let open: TestServer;
  /** Only lets in users who exist here. */
  let closed: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    const providerPort = await freePort();
    const issuer = `http://127.0.0.1:${providerPort}`;
    // The app asks the provider for nothing until someone signs in, so it can start first and tell its port.
    open = await startTestServer(oidcEnv(issuer, OPEN, true));
    closed = await startTestServer(oidcEnv(issuer, CLOSED, false));
    provider = await startTestProvider(providerPort, [
      { ...OPEN, redirectUri: `${open.url}/auth/oidc/callback` },
      { ...CLOSED, redirectUri: `${closed.url}/auth/oidc/callback` },
    ]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await provider?.close();
    await open?.close();
    await closed?.close();
  });

  /** A fresh browser profile: no login here, no session at the provider. */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  /** From the login page to the provider, through its login form, to its consent page. */
  async function toConsent(page: Page, server: TestServer, accountId: string, next = '/p2p'): Promise<void> {
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByRole('link', { name: 'Sign in with Test School' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name=login]').fill(accountId);
    await page.locator('input[name=password]').fill('any password works here');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).waitFor();
  }

  async function signIn(page: Page, server: TestServer, accountId: string, next = '/p2p'): Promise<void> {
    await toConsent(page, server, accountId, next);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  /** The user this browser is logged in as here, or null. */
  async function me(
    page: Page,
    server: TestServer,
  ): Promise<{ id: number; username: string; isAdmin: boolean } | null> {
    const answer = await page.request.get(`${server.url}/api/auth/me`);
    return answer.status() === 200 ? await answer.json() : null;
  }

  async function expectProblem(page: Page, server: TestServer, sentence: RegExp): Promise<void> {
    await page.waitForURL(`${server.url}/login?**`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', sentence);
    assert.doesNotMatch((await page.textContent('body')) ?? '', /Error:|at .*\.ts:\d+|stack/i, 'no stack trace');
    assert.equal(await me(page, server), null, 'not logged in');
  }

  test('a new user signs in with PKCE, is created, lands where they were headed, and the admin group makes an admin', async () => {
    provider.accounts.set('ada-sub', { preferred_username: 'ada', groups: ['staff', ADMIN_GROUP] });
    const page = await freshPage();
    const authorize = page.waitForRequest((request) => request.url().startsWith(`${provider.issuer}/auth?`));
    await signIn(page, open, 'ada-sub', '/p2p');
    const asked = new URL((await authorize).url());
    assert.equal(asked.searchParams.get('code_challenge_method'), 'S256');
    assert.match(asked.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(asked.searchParams.get('nonce'), 'a nonce');
    assert.equal(asked.searchParams.get('redirect_uri'), `${open.url}/auth/oidc/callback`);

    await page.waitForURL(`${open.url}/p2p`);
    await page.getByRole('button', { name: 'Create share' }).waitFor();
    const ada = await me(page, open);
    assert.equal(ada?.username, 'ada');
    assert.equal(ada?.isAdmin, true, 'member of the admin group');
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'phuppi_session')?.httpOnly, true);
    assert.equal(
      cookies.find((c) => c.name === 'phuppi_oidc'),
      undefined,
      'the attempt cookie is gone',
    );

    // Out of the group: the next sign-in takes the role away, and it is the same user (linked, not created again).
    provider.accounts.set('ada-sub', { preferred_username: 'ada', groups: ['staff'] });
    const again = await freshPage();
    await signIn(again, open, 'ada-sub');
    await again.waitForURL(`${open.url}/p2p`);
    const adaAgain = await me(again, open);
    assert.equal(adaAgain?.id, ada?.id, 'the same user');
    assert.equal(adaAgain?.isAdmin, false, 'no longer in the admin group');

    // Local accounts keep working beside it.
    const admin = await new Client(open.url).login();
    const users = (await admin.request('GET', '/api/users')).body.users as Array<{ username: string }>;
    assert.deepEqual(users.map((u) => u.username).sort(), ['ada', 'admin']);
  });

  test('denied consent lands on the login page with a clear message', async () => {
    provider.accounts.set('bea-sub', { preferred_username: 'bea' });
    const page = await freshPage();
    await toConsent(page, open, 'bea-sub');
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await expectProblem(page, open, /Sign-in was cancelled/);
    await page.getByRole('link', { name: 'Sign in with Test School' }).waitFor();
    const audit = new AxeAudit();
    await audit.check(page, 'login page with the sign-in button and a problem');
    audit.assertClean();
    // Trying again from there works.
    await page.getByRole('link', { name: 'Sign in with Test School' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${open.url}/p2p`);
    assert.equal((await me(page, open))?.username, 'bea');
  });

  /** Signs in at the provider, which is told to hold its answer: the callback URL it would send the browser to. */
  async function heldCallback(page: Page, server: TestServer, accountId: string): Promise<string> {
    provider.holdCallbacks = true;
    try {
      await signIn(page, server, accountId);
      await page.waitForURL(`${provider.issuer}${HELD_PATH}?**`);
    } finally {
      provider.holdCallbacks = false;
    }
    const callback = (await page.textContent('body')) ?? '';
    assert.ok(callback.startsWith(`${server.url}/auth/oidc/callback?`), callback);
    assert.ok(new URL(callback).searchParams.get('code'), 'the provider answered with a code');
    return callback;
  }

  test('a callback whose state was tampered with is refused, and the attempt is void afterwards', async () => {
    provider.accounts.set('cy-sub', { preferred_username: 'cy' });
    const page = await freshPage();
    const callback = await heldCallback(page, open, 'cy-sub');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    await page.goto(tampered.href);
    await expectProblem(page, open, /not started in this browser/);
    // The untouched answer no longer works either: a wrong state ended the attempt.
    await page.goto(callback);
    await expectProblem(page, open, /not started in this browser/);
  });

  test('an expired code is refused by the provider and the page says so', async () => {
    provider.accounts.set('dee-sub', { preferred_username: 'dee' });
    provider.codeTtlSeconds = 1;
    try {
      const page = await freshPage();
      const callback = await heldCallback(page, open, 'dee-sub');
      // The browser comes back late, as after a long stall on a train.
      await sleep(2500);
      await page.goto(callback);
      await expectProblem(page, open, /expired or was already used/);
    } finally {
      provider.codeTtlSeconds = 60;
    }
  });

  test('a replayed callback (its URL and attempt cookie copied to another browser) is refused', async () => {
    provider.accounts.set('eve-sub', { preferred_username: 'eve' });
    const page = await freshPage();
    const callback = await heldCallback(page, open, 'eve-sub');
    const attemptCookie = (await page.context().cookies()).find((c) => c.name === 'phuppi_oidc');
    assert.ok(attemptCookie, 'the attempt cookie is set');
    assert.equal(attemptCookie.httpOnly, true);
    await page.goto(callback);
    await page.waitForURL(`${open.url}/p2p`);
    assert.equal((await me(page, open))?.username, 'eve');

    const thief = await freshPage();
    await thief.context().addCookies([attemptCookie]);
    await thief.goto(callback);
    await expectProblem(thief, open, /expired or was already used/);
  });

  test('a disabled user is refused', async () => {
    provider.accounts.set('fay-sub', { preferred_username: 'fay' });
    const first = await freshPage();
    await signIn(first, open, 'fay-sub');
    await first.waitForURL(`${open.url}/p2p`);
    const fay = await me(first, open);
    assert.ok(fay);
    const admin = await new Client(open.url).login();
    assert.equal((await admin.send('PATCH', `/api/users/${fay.id}`, { disabled: true })).status, 200);
    assert.equal(await me(first, open), null, 'disabling ended the login');

    const page = await freshPage();
    await signIn(page, open, 'fay-sub');
    await expectProblem(page, open, /This account is disabled/);
  });

  test('with creation off, an unknown user is refused until an administrator adds them; then they are linked', async () => {
    provider.accounts.set('gus-sub', { preferred_username: 'gus', groups: [] });
    const page = await freshPage();
    await signIn(page, closed, 'gus-sub');
    await expectProblem(page, closed, /You have no account here yet/);

    const admin = await new Client(closed.url).login();
    const created = await admin.send('POST', '/api/users', { username: 'gus', password: 'gus-local-password' });
    assert.equal(created.status, 201);
    const later = await freshPage();
    await signIn(later, closed, 'gus-sub');
    await later.waitForURL(`${closed.url}/p2p`);
    const gus = await me(later, closed);
    assert.equal(gus?.id, created.body.id, 'the account the administrator made');
    assert.equal(gus?.isAdmin, false);
  });
});
