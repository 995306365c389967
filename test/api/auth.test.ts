import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

for (const store of testStores()) {
  describe(`accounts and login (${store.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, store);
    });
    after(() => server.close());

    test('the admin from the environment logs in; cookie is HttpOnly and SameSite=Lax', async () => {
      const client = new Client(server.url);
      const response = await client.request('POST', '/api/auth/login', ADMIN);
      assert.equal(response.status, 200);
      assert.equal(response.body.username, ADMIN.username);
      assert.match(response.body.csrfToken, /^[0-9a-f]{64}$/);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('phuppi_session='));
      assert.ok(cookie);
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.doesNotMatch(cookie, /Secure/i, 'plain HTTP: no Secure flag');
      const me = await client.request('GET', '/api/auth/me');
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, {
        id: response.body.id,
        username: ADMIN.username,
        isAdmin: true,
        csrfToken: response.body.csrfToken,
      });
    });

    test('unknown user and wrong password get the same answer', async () => {
      const client = new Client(server.url);
      const wrong = await client.request('POST', '/api/auth/login', {
        username: ADMIN.username,
        password: 'nope-nope',
      });
      const unknown = await client.request('POST', '/api/auth/login', { username: 'ghost', password: 'nope-nope' });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, unknown.body);
      assert.equal(wrong.body.code, 'BAD_CREDENTIALS');
    });

    test('the session id changes at every login and logout ends it', async () => {
      const client = new Client(server.url);
      await client.login();
      const first = client.cookie;
      await client.login();
      assert.notEqual(client.cookie, first);
      const stale = new Client(server.url);
      stale.cookie = first;
      assert.equal((await stale.request('GET', '/api/auth/me')).status, 401, 'the old session is gone');
      assert.equal((await client.request('POST', '/api/auth/logout')).status, 403, 'logout needs the CSRF header');
      assert.equal((await client.send('POST', '/api/auth/logout')).status, 200);
      client.cookie = client.cookie || '';
      const me = await client.request('GET', '/api/auth/me');
      assert.equal(me.status, 401);
      assert.equal(me.body.code, 'UNAUTHORIZED');
    });

    test('POST /api/users: admin only, CSRF required, 409 on a taken name, new user can log in', async () => {
      const admin = await new Client(server.url).login();
      const noCsrf = await admin.request('POST', '/api/users', { username: 'teacher', password: 'teacher-pass' });
      assert.equal(noCsrf.status, 403);
      assert.equal(noCsrf.body.code, 'CSRF');
      const wrongCsrf = await admin.request(
        'POST',
        '/api/users',
        { username: 'teacher', password: 'teacher-pass' },
        { 'x-csrf-token': 'f'.repeat(64) },
      );
      assert.equal(wrongCsrf.body.code, 'CSRF');
      const created = await admin.send('POST', '/api/users', {
        username: 'teacher',
        password: 'teacher-pass',
        isAdmin: true,
      });
      assert.equal(created.status, 201);
      assert.deepEqual(Object.keys(created.body).sort(), ['id', 'username']);
      const taken = await admin.send('POST', '/api/users', { username: 'teacher', password: 'other-pass' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.code, 'USERNAME_TAKEN');

      const teacher = await new Client(server.url).login('teacher', 'teacher-pass');
      const me = await teacher.request('GET', '/api/auth/me');
      assert.equal(me.body.isAdmin, false, 'unknown field isAdmin was ignored');
      const forbidden = await teacher.send('POST', '/api/users', { username: 'x2', password: 'password-x' });
      assert.equal(forbidden.status, 403);
      const anonymous = await new Client(server.url).request('POST', '/api/users', {
        username: 'x3',
        password: 'password-x',
      });
      assert.equal(anonymous.status, 401);

      const listed = await admin.request('GET', '/api/users');
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.users.map((u: any) => [u.username, u.isAdmin]),
        [
          ['admin', true],
          ['teacher', false],
        ],
      );
      assert.ok(!JSON.stringify(listed.body).includes('scrypt'), 'no password hashes');
      assert.equal((await teacher.request('GET', '/api/users')).status, 403);
      assert.equal((await teacher.request('GET', '/admin/users')).status, 403);
      assert.equal((await new Client(server.url).request('GET', '/admin/users')).status, 303);
    });

    test('bad input on login and user creation answers 400 in the error shape', async () => {
      const client = new Client(server.url);
      const cases: Array<[unknown, string]> = [
        ['{"username":', 'INVALID_JSON'],
        [{}, 'VALIDATION'],
        [{ username: 5, password: 'x' }, 'VALIDATION'],
        [{ username: 'a', password: ['x'] }, 'VALIDATION'],
        [{ username: '', password: 'x' }, 'VALIDATION'],
        [[1, 2], 'VALIDATION'],
      ];
      for (const [body, code] of cases) {
        const response = await client.request('POST', '/api/auth/login', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.code, code, JSON.stringify(body));
        assert.equal(typeof response.body.error, 'string');
      }
      const admin = await new Client(server.url).login();
      const shortPassword = await admin.send('POST', '/api/users', { username: 'shorty', password: 'short' });
      assert.equal(shortPassword.status, 400);
    });

    test('login attempts are rate limited per address', async () => {
      const client = new Client(server.url);
      let limited: { status: number; body: any } | null = null;
      for (let i = 0; i < 15 && !limited; i++) {
        const response = await client.request('POST', '/api/auth/login', { username: 'ghost', password: 'x' });
        if (response.status === 429) limited = response;
      }
      assert.ok(limited, 'a burst of logins meets 429');
      assert.equal(limited.body.code, 'RATE_LIMITED');
    });
  });
}
