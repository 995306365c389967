import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LoginSessionRepository } from '../../src/server/auth/login-session-repository.ts';
import { Client } from '../helpers/http.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { closing, ownerSocket } from '../helpers/signaling-socket.ts';
import { openEventStream } from '../helpers/sse.ts';
import { testStores } from '../helpers/stores.ts';

const FILES = [{ name: 'notes.txt', size: 10 }];

for (const store of testStores()) {
  describe(`account changes and recovery (${store.name})`, () => {
    let server: TestServer;
    let admin: Client;
    let counter = 0;
    before(async () => {
      server = await startTestServer({}, store);
      admin = await new Client(server.url).login();
    });
    after(() => server.close());

    /** A fresh user (the name is unique per test) and a logged-in client of theirs. */
    const newUser = async (password = 'user-password-1') => {
      const username = `user${++counter}`;
      const created = await admin.send('POST', '/api/users', { username, password });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return {
        id: created.body.id as number,
        username,
        password,
        client: await new Client(server.url).login(username, password),
      };
    };
    const loginStatus = async (username: string, password: string) =>
      await new Client(server.url).request('POST', '/api/auth/login', { username, password });
    const me = (client: Client) => client.request('GET', '/api/auth/me').then((r) => r.status);

    test('a user changes their own password: current one required, other sessions end, this one stays', async () => {
      const user = await newUser();
      const otherDevice = await new Client(server.url).login(user.username, user.password);

      const wrong = await user.client.send('POST', '/api/account/password', {
        currentPassword: 'not-it-at-all',
        newPassword: 'brand-new-pass',
      });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'WRONG_PASSWORD');
      assert.equal(typeof wrong.body.error, 'string');
      const short = await user.client.send('POST', '/api/account/password', {
        currentPassword: user.password,
        newPassword: 'short',
      });
      assert.equal(short.status, 400);
      assert.equal(short.body.code, 'VALIDATION');
      const noCsrf = await user.client.request('POST', '/api/account/password', {
        currentPassword: user.password,
        newPassword: 'brand-new-pass',
      });
      assert.equal(noCsrf.body.code, 'CSRF');
      const anonymous = await new Client(server.url).request('POST', '/api/account/password', {
        currentPassword: user.password,
        newPassword: 'brand-new-pass',
      });
      assert.equal(anonymous.status, 401);
      assert.equal(await me(otherDevice), 200, 'refused attempts changed nothing');

      const changed = await user.client.send('POST', '/api/account/password', {
        currentPassword: user.password,
        newPassword: 'brand-new-pass',
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(await me(user.client), 200, 'the session that changed it stays');
      assert.equal(await me(otherDevice), 401, 'the other session ended');
      assert.equal((await loginStatus(user.username, user.password)).status, 401);
      assert.equal((await loginStatus(user.username, 'brand-new-pass')).status, 200);
    });

    test("an admin resets another user's password; that user is logged out everywhere", async () => {
      const user = await newUser();
      const reset = await admin.send('POST', `/api/users/${user.id}/password`, { password: 'set-by-admin-1' });
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
      assert.equal(reset.body.username, user.username);
      assert.equal(await me(user.client), 401);
      assert.equal(await me(admin), 200, "the admin's own session is untouched");
      assert.equal((await loginStatus(user.username, 'set-by-admin-1')).status, 200);

      assert.equal(
        (await admin.send('POST', `/api/users/999999/password`, { password: 'set-by-admin-1' })).body.code,
        'USER_NOT_FOUND',
      );
      for (const id of ['abc', '0', '-1', '1.5', '1e3', '9'.repeat(12)]) {
        const bad = await admin.send('POST', `/api/users/${id}/password`, { password: 'set-by-admin-1' });
        assert.equal(bad.status, 400, id);
        assert.equal(bad.body.code, 'VALIDATION', id);
      }
      assert.equal((await admin.send('POST', `/api/users/${user.id}/password`, { password: 'short' })).status, 400);
      const other = await newUser();
      const notAdmin = await other.client.send('POST', `/api/users/${user.id}/password`, { password: 'taken-over-1' });
      assert.equal(notAdmin.status, 403);
      assert.equal(
        (await admin.request('POST', `/api/users/${user.id}/password`, { password: 'set-by-admin-2' })).body.code,
        'CSRF',
      );
    });

    test('a disabled user cannot log in; their sessions, receive sessions and shares end (guests get 410)', async () => {
      const user = await newUser();
      const receive = (await user.client.send('POST', '/api/p2p/receive/create', { label: 'Homework' })).body;
      const share = (await user.client.send('POST', '/api/p2p/create', { files: FILES })).body;
      const guest = new Client(server.url);
      assert.equal((await guest.request('GET', `/api/p2p/receive/${receive.token}`)).status, 200);
      const stream = await openEventStream(`${server.url}/api/p2p/receive/${receive.token}/events`, {
        cookie: user.client.cookie,
        ...user.client.headers,
      });
      assert.equal(stream.status, 200);
      assert.equal((await stream.next())?.event, 'snapshot');

      const disabled = await admin.send('PATCH', `/api/users/${user.id}`, { disabled: true });
      assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
      assert.equal(disabled.body.disabled, true);
      assert.deepEqual(
        await stream.next(),
        { event: 'session-ended', data: { type: 'session-ended', reason: 'cancelled' } },
        "the owner's open page is told",
      );
      stream.close();

      assert.equal(await me(user.client), 401, 'logged out');
      const login = await loginStatus(user.username, user.password);
      assert.equal(login.status, 403);
      assert.equal(login.body.code, 'ACCOUNT_DISABLED');
      assert.match(login.body.error, /disabled/);
      assert.equal(
        (await loginStatus(user.username, 'a-wrong-guess')).body.code,
        'BAD_CREDENTIALS',
        'a wrong password learns nothing',
      );
      for (const path of [`/api/p2p/receive/${receive.token}`, `/api/p2p/${share.token}`]) {
        const gone = await guest.request('GET', path);
        assert.equal(gone.status, 410, path);
        assert.equal(gone.body.code, 'CANCELLED');
        assert.equal(typeof gone.body.error, 'string');
      }
      assert.equal(
        (await guest.request('POST', `/api/p2p/receive/${receive.token}/verify-pin`, { pin: receive.pin })).status,
        410,
      );
      const guestPage = await guest.request('GET', `/p2p/receive/${receive.shortcode}`);
      assert.equal(guestPage.status, 410);

      const listed = (await admin.request('GET', '/api/users')).body.users.find(
        (u: { id: number }) => u.id === user.id,
      );
      assert.equal(listed.disabled, true);
      // Even a login session that slipped in (a login racing the disable) is worth nothing while disabled.
      const slipped = await new LoginSessionRepository(server.running.store.db).create(user.id);
      const stale = new Client(server.url);
      stale.cookie = `phuppi_session=${slipped.secret}`;
      assert.equal(await me(stale), 401);

      const enabled = await admin.send('PATCH', `/api/users/${user.id}`, { disabled: false });
      assert.equal(enabled.body.disabled, false);
      assert.equal((await loginStatus(user.username, user.password)).status, 200);
      assert.equal(
        (await guest.request('GET', `/api/p2p/receive/${receive.token}`)).status,
        410,
        'ended sessions stay ended',
      );
    });

    test("disabling or deleting a user closes that user's own signaling sockets, and only theirs", async () => {
      const user = await newUser();
      const bystander = await newUser();
      const [first, second] = [await ownerSocket(server, user.client), await ownerSocket(server, user.client)];
      const others = await ownerSocket(server, bystander.client);
      const ends = [closing(first), closing(second)];
      assert.equal((await admin.send('PATCH', `/api/users/${user.id}`, { disabled: true })).status, 200);
      for (const end of ends) assert.deepEqual(await end, { code: 1008, reason: 'login ended' });
      assert.equal(await closing(others, 200), null, "another user's socket stays open");

      const deleted = closing(others);
      assert.equal((await admin.send('DELETE', `/api/users/${bystander.id}`)).status, 200);
      assert.deepEqual(await deleted, { code: 1008, reason: 'login ended' });
    });

    test('a login deleted by another process (the admin command line) still ends what it opened here', async () => {
      const user = await newUser();
      // Two repositories over one database stand for the server and the operator's tool.
      const here = new LoginSessionRepository(server.running.store.db);
      const there = new LoginSessionRepository(server.running.store.db);
      const kept = await here.create(user.id);
      const removed = await here.create(user.id);
      const ended: string[] = [];
      const far = new Date(Date.now() + 3_600_000).toISOString();
      const unwatch = here.watch(kept.secret, far, () => ended.push('kept'));
      here.watch(removed.secret, far, () => ended.push('removed'));
      assert.equal(await there.endAllOfUser(user.id, kept.secret), 2, "newUser's own login and `removed`");
      assert.deepEqual(ended, [], 'the other process cannot tell this one');
      assert.equal(await here.endVanished(), 1);
      assert.deepEqual(ended, ['removed']);
      assert.equal(await here.endVanished(), 0, 'told once');
      unwatch();
    });

    test('grant and remove admin; never zero active admins (409 LAST_ADMIN)', async () => {
      const adminId = (await admin.request('GET', '/api/auth/me')).body.id as number;
      for (const [method, path, body] of [
        ['PATCH', `/api/users/${adminId}`, { isAdmin: false }],
        ['PATCH', `/api/users/${adminId}`, { disabled: true }],
        ['DELETE', `/api/users/${adminId}`, undefined],
      ] as const) {
        const refused = await admin.send(method, path, body);
        assert.equal(refused.status, 409, `${method} ${JSON.stringify(body)}`);
        assert.equal(refused.body.code, 'LAST_ADMIN');
        assert.match(refused.body.error, /administrator/);
      }
      assert.equal(await me(admin), 200, 'a refused change logs nobody out');

      const second = await newUser();
      const granted = await admin.send('PATCH', `/api/users/${second.id}`, { isAdmin: true });
      assert.equal(granted.body.isAdmin, true);
      assert.equal((await second.client.request('GET', '/api/users')).status, 200, 'the new admin can manage users');
      // A disabled admin is no admin: with the second one disabled, the first is the last again.
      assert.equal((await admin.send('PATCH', `/api/users/${second.id}`, { disabled: true })).status, 200);
      assert.equal((await admin.send('PATCH', `/api/users/${adminId}`, { isAdmin: false })).body.code, 'LAST_ADMIN');
      assert.equal((await admin.send('PATCH', `/api/users/${second.id}`, { disabled: false })).status, 200);
      const secondAgain = await new Client(server.url).login(second.username, second.password);
      const removed = await secondAgain.send('PATCH', `/api/users/${second.id}`, { isAdmin: false });
      assert.equal(removed.status, 200, 'an admin may step down while another remains');
      assert.equal(removed.body.isAdmin, false);
      assert.equal((await secondAgain.request('GET', '/api/users')).status, 403);

      assert.equal((await admin.send('PATCH', `/api/users/${second.id}`, {})).body.code, 'VALIDATION');
      assert.equal((await admin.send('PATCH', `/api/users/${second.id}`, { isAdmin: 'yes' })).status, 400);
      assert.equal((await admin.send('PATCH', '/api/users/999999', { isAdmin: true })).status, 404);
    });

    test('two admins removing each other at once: exactly one succeeds', async () => {
      const a = await newUser();
      const b = await newUser();
      await admin.send('PATCH', `/api/users/${a.id}`, { isAdmin: true });
      await admin.send('PATCH', `/api/users/${b.id}`, { isAdmin: true });
      const adminId = (await admin.request('GET', '/api/auth/me')).body.id as number;
      // Leave only a and b as admins: the original one steps down (it is not the last).
      const clientA = await new Client(server.url).login(a.username, a.password);
      const clientB = await new Client(server.url).login(b.username, b.password);
      assert.equal((await clientA.send('PATCH', `/api/users/${adminId}`, { isAdmin: false })).status, 200);
      const [byA, byB] = await Promise.all([
        clientA.send('PATCH', `/api/users/${b.id}`, { disabled: true }),
        clientB.send('PATCH', `/api/users/${a.id}`, { disabled: true }),
      ]);
      const statuses = [byA.status, byB.status].sort();
      // Whichever ran second is either refused (409) or, having been disabled first, logged out (401).
      assert.equal(statuses[0], 200, JSON.stringify([byA.body, byB.body]));
      assert.ok(statuses[1] === 409 || statuses[1] === 401, JSON.stringify([byA.body, byB.body]));
      const users = (await (byA.status === 200 ? clientA : clientB).request('GET', '/api/users')).body.users as Array<{
        isAdmin: boolean;
        disabled: boolean;
      }>;
      assert.equal(users.filter((u) => u.isAdmin && !u.disabled).length, 1);
      // Restore the original admin for the other tests.
      const survivor = byA.status === 200 ? clientA : clientB;
      assert.equal((await survivor.send('PATCH', `/api/users/${adminId}`, { isAdmin: true })).status, 200);
      admin = await new Client(server.url).login();
    });

    test('an admin deletes a user with their sessions; the name is free again', async () => {
      const user = await newUser();
      const receive = (await user.client.send('POST', '/api/p2p/receive/create', {})).body;
      const guest = new Client(server.url);
      const verified = await guest.request('POST', `/api/p2p/receive/${receive.token}/verify-pin`, {
        pin: receive.pin,
      });
      assert.equal(verified.body.valid, true);
      await user.client.send('POST', '/api/p2p/create', { files: FILES });

      const deleted = await admin.send('DELETE', `/api/users/${user.id}`);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.equal(await me(user.client), 401);
      assert.equal((await guest.request('GET', `/api/p2p/receive/${receive.token}`)).status, 404);
      const db = server.running.store.db;
      assert.equal(
        (await db.selectFrom('p2p_receive_sessions').select('id').where('user_id', '=', user.id).execute()).length,
        0,
      );
      assert.equal(
        (await db.selectFrom('p2p_shared_files').select('id').where('user_id', '=', user.id).execute()).length,
        0,
      );
      assert.equal(
        (await db.selectFrom('login_sessions').select('id').where('user_id', '=', user.id).execute()).length,
        0,
      );
      assert.ok(!(await admin.request('GET', '/api/users')).body.users.some((u: { id: number }) => u.id === user.id));
      assert.equal((await admin.send('DELETE', `/api/users/${user.id}`)).body.code, 'USER_NOT_FOUND');
      assert.equal(
        (await admin.send('POST', '/api/users', { username: user.username, password: 'again-password' })).status,
        201,
      );
      const other = await newUser();
      assert.equal((await other.client.send('DELETE', `/api/users/${other.id}`)).status, 403, 'only admins delete');
    });

    test('GET /api/users lists who is disabled; the Account page needs a login', async () => {
      const listed = await admin.request('GET', '/api/users');
      assert.ok(listed.body.users.every((u: Record<string, unknown>) => typeof u.disabled === 'boolean'));
      assert.equal((await new Client(server.url).request('GET', '/account')).status, 303);
      const page = await admin.request('GET', '/account');
      assert.equal(page.status, 200);
      assert.match(page.body, /Change your password/);
      assert.match(page.body, new RegExp(`>${ADMIN.username}<`));
    });
  });
}
