import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountUseCases, endSessionsInDb } from '../../src/server/auth/account-use-cases.ts';
import { LoginSessionRepository } from '../../src/server/auth/login-session-repository.ts';
import { OidcIdentityRepository } from '../../src/server/auth/oidc-identity-repository.ts';
import { type OidcIdentity, OidcSignIn, type OidcSignInDeps } from '../../src/server/auth/oidc-sign-in.ts';
import { UserRepository } from '../../src/server/auth/user-repository.ts';
import { freePort } from '../helpers/free-port.ts';
import { Client } from '../helpers/http.ts';
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

const ISSUER = 'https://login.example.org/realms/school';
const ADMIN_GROUP = 'phuppi-admins';

for (const store of testStores()) {
  describe(`OIDC sign-in: linking a provider's account to a user (${store.name})`, () => {
    let server: TestServer;
    let users: UserRepository;
    let identities: OidcIdentityRepository;
    let accounts: AccountUseCases;
    before(async () => {
      server = await startTestServer({}, store);
      const { db, dialect } = server.running.store;
      users = new UserRepository(db);
      identities = new OidcIdentityRepository(db);
      accounts = new AccountUseCases({
        db,
        dialect,
        users,
        loginSessions: new LoginSessionRepository(db),
        endSessionsOfUser: endSessionsInDb(db, dialect),
      });
    });
    after(() => server.close());

    function signIn(
      settings: Partial<OidcSignInDeps['settings']> = {},
      stores: Pick<OidcSignInDeps, 'users' | 'identities'> = { users, identities },
    ): OidcSignIn {
      return new OidcSignIn({
        settings: {
          usernameClaim: 'preferred_username',
          groupsClaim: 'groups',
          adminGroup: null,
          createUsers: true,
          ...settings,
        },
        ...stores,
        accounts,
        log: server.running.app.log,
      });
    }
    const identity = (subject: string, claims: Record<string, unknown>, issuer = ISSUER): OidcIdentity => ({
      issuer,
      subject,
      claims: { sub: subject, ...claims },
    });
    async function userOf(result: Awaited<ReturnType<OidcSignIn['userFor']>>) {
      assert.ok('user' in result, `refused: ${JSON.stringify(result)}`);
      return result.user;
    }

    test('an unknown user is created when allowed, linked, and found by subject even after a rename', async () => {
      const first = await userOf(await signIn().userFor(identity('sub-ann', { preferred_username: 'ann' })));
      assert.equal(first.username, 'ann');
      assert.equal(first.isAdmin, false);
      assert.equal(await identities.userIdOf(ISSUER, 'sub-ann'), first.id);
      const renamed = await userOf(await signIn().userFor(identity('sub-ann', { preferred_username: 'ann.b' })));
      assert.equal(renamed.id, first.id, 'the subject decides, not the name');
      assert.equal((await users.list()).filter((u) => u.username.startsWith('ann')).length, 1);
      // A password nobody knows (a hash of random bytes), until an administrator sets one.
      assert.match((await users.passwordHashOf(first.id)) ?? '', /^scrypt\$/);
    });

    test('with creation off, an unknown name is refused; an existing user of that name is linked', async () => {
      const closed = signIn({ createUsers: false });
      assert.deepEqual(await closed.userFor(identity('sub-bob', { preferred_username: 'bob' })), {
        problem: 'unknown-user',
      });
      assert.equal(await identities.userIdOf(ISSUER, 'sub-bob'), null);
      const bob = await users.create('bob', 'bob-password-1', false);
      assert.ok(bob);
      assert.equal((await userOf(await closed.userFor(identity('sub-bob', { preferred_username: 'bob' })))).id, bob.id);
      assert.equal(await identities.userIdOf(ISSUER, 'sub-bob'), bob.id);
    });

    test('a name whose user is linked to another subject of the same issuer is refused; another issuer may link it', async () => {
      const cat = await userOf(await signIn().userFor(identity('sub-cat', { preferred_username: 'cat' })));
      assert.deepEqual(await signIn().userFor(identity('sub-impostor', { preferred_username: 'cat' })), {
        problem: 'taken',
      });
      assert.equal(await identities.userIdOf(ISSUER, 'sub-impostor'), null);
      assert.equal(await identities.link(ISSUER, 'sub-impostor', cat.id), false, 'one subject per user and issuer');
      const other = 'https://accounts.example.com';
      const viaOther = await userOf(await signIn().userFor(identity('sub-cat', { preferred_username: 'cat' }, other)));
      assert.equal(viaOther.id, cat.id);
    });

    test('a name the provider does not give, or that cannot be a user name here, is refused', async () => {
      for (const name of [undefined, 42, ['dan'], '', '\u200b\u202e', 'd'.repeat(65)])
        assert.deepEqual(
          await signIn().userFor(identity('sub-dan', { preferred_username: name })),
          { problem: 'no-username' },
          String(name),
        );
      assert.equal(await identities.userIdOf(ISSUER, 'sub-dan'), null);
      const byEmail = signIn({ usernameClaim: 'email' });
      assert.deepEqual(
        await byEmail.userFor(identity('sub-dan', { email: 'dan@example.org', email_verified: false })),
        { problem: 'no-username' },
        'an address the provider did not verify',
      );
      assert.equal(
        (await userOf(await byEmail.userFor(identity('sub-dan', { email: 'dan@example.org' })))).username,
        'dan@example.org',
      );
    });

    test('a disabled user is refused, whether found by link or by name', async () => {
      const eve = await userOf(await signIn().userFor(identity('sub-eve', { preferred_username: 'eve' })));
      await accounts.setDisabled(eve.id, true);
      assert.deepEqual(await signIn().userFor(identity('sub-eve', { preferred_username: 'eve' })), {
        problem: 'disabled',
      });
      const fred = await users.create('fred', 'fred-password-1', false);
      assert.ok(fred);
      await accounts.setDisabled(fred.id, true);
      assert.deepEqual(
        await signIn({ createUsers: false }).userFor(identity('sub-fred', { preferred_username: 'fred' })),
        {
          problem: 'disabled',
        },
      );
    });

    test('first sign-ins of the same person at once end as one user', async () => {
      // Several rounds of several racers: each interleaving of create, find and link must end in the one user.
      for (const [round, racers] of [2, 3, 5, 2, 5].entries()) {
        const who = identity(`sub-gil-${round}`, { preferred_username: `gil-${round}` });
        const results = await Promise.all(Array.from({ length: racers }, () => signIn().userFor(who)));
        const ids = new Set(await Promise.all(results.map(async (result) => (await userOf(result)).id)));
        assert.equal(ids.size, 1, `round ${round}: one user`);
        assert.equal((await users.list()).filter((u) => u.username === `gil-${round}`).length, 1);
      }
    });

    test("a sign-in that loses both the creation and the link to a racer still ends as the racer's user", async () => {
      // The racer's two steps land just before ours: it creates the user first, then links the subject first.
      const who = identity('sub-kim', { preferred_username: 'kim' });
      let racersUser: number | null = null;
      const { db } = server.running.store;
      const racedUsers = new (class extends UserRepository {
        override async create(username: string, password: string, isAdmin: boolean) {
          racersUser = (await users.create(username, 'racer-password-1', false))?.id ?? null;
          return super.create(username, password, isAdmin);
        }
      })(db);
      const racedIdentities = new (class extends OidcIdentityRepository {
        override async link(issuer: string, subject: string, userId: number) {
          assert.ok(racersUser !== null && (await identities.link(issuer, subject, racersUser)));
          return super.link(issuer, subject, userId);
        }
      })(db);
      const slower = signIn({}, { users: racedUsers, identities: racedIdentities });
      assert.equal((await userOf(await slower.userFor(who))).id, racersUser);
      assert.equal((await users.list()).filter((u) => u.username === 'kim').length, 1);
    });

    test('deleting a user deletes their link', async () => {
      const hal = await userOf(await signIn().userFor(identity('sub-hal', { preferred_username: 'hal' })));
      await accounts.delete(hal.id);
      assert.equal(await identities.userIdOf(ISSUER, 'sub-hal'), null);
      assert.deepEqual(
        await signIn({ createUsers: false }).userFor(identity('sub-hal', { preferred_username: 'hal' })),
        {
          problem: 'unknown-user',
        },
      );
    });

    test('the admin group grants and removes the role; the last active administrator keeps it', async () => {
      const mapped = signIn({ adminGroup: ADMIN_GROUP });
      const ivy = await userOf(
        await mapped.userFor(identity('sub-ivy', { preferred_username: 'ivy', groups: [ADMIN_GROUP] })),
      );
      assert.equal(ivy.isAdmin, true, 'created an administrator');
      const single = await userOf(
        await mapped.userFor(identity('sub-ivy', { preferred_username: 'ivy', groups: ADMIN_GROUP })),
      );
      assert.equal(single.isAdmin, true, 'a groups claim may be one name');
      const out = await userOf(
        await mapped.userFor(identity('sub-ivy', { preferred_username: 'ivy', groups: ['staff'] })),
      );
      assert.equal(out.isAdmin, false, 'left the group');
      assert.equal((await users.summaryById(ivy.id))?.isAdmin, false);
      // Without an admin group the role is the Users page's business.
      await accounts.setAdmin(ivy.id, true);
      assert.equal(
        (await userOf(await signIn().userFor(identity('sub-ivy', { preferred_username: 'ivy' })))).isAdmin,
        true,
      );
      await accounts.setAdmin(ivy.id, false);

      // The seeded admin signs in without the group while the only active administrator: stays one.
      const admin = await users.findByUsername(ADMIN.username);
      assert.ok(admin?.isAdmin);
      const kept = await userOf(
        await mapped.userFor(identity('sub-admin', { preferred_username: ADMIN.username, groups: [] })),
      );
      assert.equal(kept.id, admin.id);
      assert.equal(kept.isAdmin, true, 'never zero active administrators');
    });
  });
}

describe('OIDC routes', () => {
  test('not configured: no button on the login page, no /auth/oidc routes', async () => {
    const server = await startTestServer();
    try {
      const client = new Client(server.url);
      const page = await client.request('GET', '/login');
      assert.doesNotMatch(page.body, /Sign in with/);
      assert.equal((await client.request('GET', '/auth/oidc/login')).status, 404);
      assert.equal((await client.request('GET', '/auth/oidc/callback?code=x&state=y')).status, 404);
    } finally {
      await server.close();
    }
  });

  describe('configured', () => {
    let provider: TestProvider;
    let server: TestServer;
    const baseUrl = 'http://files.example.test:8080';
    before(async () => {
      const port = await freePort();
      server = await startTestServer({
        PHUPPI_OIDC_ISSUER: `http://127.0.0.1:${port}`,
        PHUPPI_OIDC_CLIENT_ID: 'phuppi',
        PHUPPI_OIDC_CLIENT_SECRET: 'phuppi-client-secret-123',
        PHUPPI_OIDC_NAME: 'Springfield <School>',
        PHUPPI_BASE_URL: baseUrl,
      });
      provider = await startTestProvider(port, [
        { clientId: 'phuppi', clientSecret: 'phuppi-client-secret-123', redirectUri: `${baseUrl}/auth/oidc/callback` },
      ]);
    });
    after(async () => {
      await provider.close();
      await server.close();
    });

    test('the login page shows the button (escaped), starting at PHUPPI_BASE_URL', async () => {
      const page = await new Client(server.url).request('GET', '/login?next=%2Fp2p');
      assert.match(page.body, /Sign in with Springfield &lt;School&gt;/);
      assert.match(page.body, new RegExp(`href="${baseUrl}/auth/oidc/login\\?next=%2Fp2p"`));
    });

    test('login sends the browser to the provider with PKCE, state and nonce, keeping them in a sealed cookie', async () => {
      const answer = await new Client(server.url).request('GET', '/auth/oidc/login?next=%2Fp2p');
      assert.equal(answer.status, 303);
      const to = new URL(answer.headers.get('location') ?? '');
      assert.equal(to.origin, provider.issuer);
      assert.equal(to.searchParams.get('response_type'), 'code');
      assert.equal(to.searchParams.get('client_id'), 'phuppi');
      assert.equal(to.searchParams.get('redirect_uri'), `${baseUrl}/auth/oidc/callback`);
      assert.equal(to.searchParams.get('scope'), 'openid profile email');
      assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
      for (const name of ['state', 'nonce', 'code_challenge'])
        assert.match(to.searchParams.get(name) ?? '', /^[\w-]{20,}$/);
      const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('phuppi_oidc='));
      assert.ok(cookie);
      assert.match(cookie, /Max-Age=600/);
      assert.match(cookie, /Path=\/auth\/oidc\//);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.ok(!cookie.includes(to.searchParams.get('state') ?? '-'), 'the state is sealed, not readable');
      // A page to return to that would not fit into a cookie becomes the start page.
      const long = await new Client(server.url).request('GET', `/auth/oidc/login?next=/p2p?${'x'.repeat(5000)}`);
      const longCookie = long.headers.getSetCookie().find((line) => line.startsWith('phuppi_oidc=')) ?? '';
      assert.ok(longCookie.length < 1000, `${longCookie.length} characters`);
    });

    test('a callback without this browser’s attempt, or with a forged one, lands on the login page', async () => {
      const client = new Client(server.url);
      for (const cookie of [undefined, 'phuppi_oidc=forged', 'phuppi_oidc=']) {
        for (const query of ['code=abc&state=def', 'error=access_denied&state=def', '']) {
          const answer = await client.request(
            'GET',
            `/auth/oidc/callback?${query}`,
            undefined,
            cookie ? { cookie } : {},
          );
          assert.equal(answer.status, 303, `${cookie} ${query}`);
          assert.equal(answer.headers.get('location'), '/login?sso=state&next=%2Fp2p%2Freceive');
        }
      }
      const page = await client.request('GET', '/login?sso=state&next=%2Fp2p%2Freceive');
      assert.match(page.body, /<p class="form__error" role="alert" >This sign-in was not started in this browser/);
    });

    test('the login page shows only its own sentences, never text from the URL', async () => {
      const page = await new Client(server.url).request('GET', '/login?sso=%3Cb%3Ehacked%3C%2Fb%3E');
      assert.doesNotMatch(page.body, /hacked/);
      assert.match(page.body, /role="alert" hidden><\/p>/);
    });

    test('the routes are rate limited per client address like the other public routes', async () => {
      const client = new Client(server.url);
      const statuses = new Set<number>();
      for (let i = 0; i < 125; i++) statuses.add((await client.request('GET', '/auth/oidc/callback')).status);
      assert.deepEqual([...statuses].sort(), [303, 429]);
      assert.equal((await new Client(server.url).request('GET', '/auth/oidc/callback')).status, 303, 'others pass');
    });

    // Last in this group: it stops the provider.
    test('a provider gone between the login and the callback lands on the login page with a clear message', async () => {
      const client = new Client(server.url);
      const started = await client.request('GET', '/auth/oidc/login?next=%2Fp2p');
      const state = new URL(started.headers.get('location') ?? '').searchParams.get('state');
      const cookie = started.headers
        .getSetCookie()
        .find((line) => line.startsWith('phuppi_oidc='))
        ?.split(';')[0];
      assert.ok(state && cookie);
      await provider.close();
      const query = new URLSearchParams({ code: 'a-code-the-provider-gave', state, iss: provider.issuer });
      const answer = await client.request('GET', `/auth/oidc/callback?${query}`, undefined, { cookie });
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), '/login?sso=unreachable&next=%2Fp2p');
    });

    test('an unreachable provider lands on the login page with a clear message', async () => {
      const port = await freePort();
      const away = await startTestServer({
        PHUPPI_OIDC_ISSUER: `http://127.0.0.1:${port}`,
        PHUPPI_OIDC_CLIENT_ID: 'phuppi',
        PHUPPI_OIDC_CLIENT_SECRET: 'phuppi-client-secret-123',
      });
      try {
        const client = new Client(away.url);
        const answer = await client.request('GET', '/auth/oidc/login?next=%2Fp2p');
        assert.equal(answer.status, 303);
        assert.equal(answer.headers.get('location'), '/login?sso=unreachable&next=%2Fp2p');
        const page = await client.request('GET', '/login?sso=unreachable&next=%2Fp2p');
        assert.match(page.body, /The sign-in service cannot be reached right now/);
        assert.match(page.body, /Sign in with your organisation/);
      } finally {
        await away.close();
      }
    });
  });
});
