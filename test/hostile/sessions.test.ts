/**
 * Tickets, guests and sessions stay bounded, and the owner can take a ticket back: against SQLite and
 * (with PHUPPI_TEST_PG_URL) PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { runSteps } from '../../src/server/ops/cleanup-steps.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openEventStream } from '../helpers/sse.ts';
import { testStores } from '../helpers/stores.ts';

type Session = { token: string; shortcode: string; pin: string };

/** Events until one of `type` (skipping heartbeats of other kinds); null when the stream ended. */
async function nextOfType(stream: Awaited<ReturnType<typeof openEventStream>>, type: string, timeoutMs = 5000) {
  for (;;) {
    const event = await stream.next(timeoutMs);
    if (!event || event.event === type) return event;
  }
}

for (const store of testStores()) {
  describe(`tickets and guests can be revoked (${store.name})`, () => {
    let server: TestServer;
    let owner: Client;
    let other: Client;
    before(async () => {
      server = await startTestServer({ PHUPPI_P2P_RECEIVE_TTL: '3600' }, store);
      owner = await new Client(server.url).login();
      assert.equal(
        (await owner.send('POST', '/api/users', { username: 'other', password: 'other-password' })).status,
        201,
      );
      other = await new Client(server.url).login('other', 'other-password');
    });
    after(() => server.close());

    const db = () => server.running.store.db;
    const createSession = async (body: unknown = {}, who = owner): Promise<Session> => {
      const response = await who.send('POST', '/api/p2p/receive/create', body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const admit = async (session: Session, guest = new Client(server.url)) => {
      const response = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
        pin: session.pin,
      });
      assert.equal(response.body.valid, true, JSON.stringify(response.body));
      return { guest, ticket: response.body.ticket as string };
    };
    /** The peer id the server issues to the holder of `ticket` (the only one its `connect` accepts). */
    const issuedPeerId = async (session: Session, guest: Client, ticket: string) => {
      const response = await guest.request('POST', `/api/p2p/receive/${session.token}/signaling`, { ticket });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body.peerId as string;
    };
    const ownerStream = async (session: Session, who = owner) => {
      const stream = await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, {
        cookie: who.cookie,
        'x-forwarded-for': who.ip,
      });
      assert.equal(stream.status, 200);
      assert.equal((await stream.next())?.event, 'snapshot');
      return stream;
    };

    test('a new PIN revokes every earlier ticket: connect, complete and ticket-status answer 403 TICKET_REVOKED; the owner is told', async () => {
      const session = await createSession();
      const a = await admit(session);
      const b = await admit(session);
      const peerA = await issuedPeerId(session, a.guest, a.ticket);
      assert.equal(
        (
          await a.guest.request('POST', `/api/p2p/receive/${session.token}/connect`, {
            peerjs_id: peerA,
            ticket: a.ticket,
          })
        ).status,
        200,
      );
      const stream = await ownerStream(session);

      const reset = await owner.send('POST', `/api/p2p/receive/${session.token}/reset-pin`);
      assert.equal(reset.status, 200);
      const revoked = await nextOfType(stream, 'guest-revoked');
      assert.equal(revoked?.data.reason, 'pin-reset');
      const ids = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body.guests.map(
        (g: any) => g.id,
      );
      assert.deepEqual([...revoked!.data.guestIds].sort(), [...ids].sort(), 'both earlier guests');
      stream.close();

      for (const { guest, ticket } of [a, b]) {
        for (const [path, body] of [
          ['connect', { peerjs_id: peerA, ticket }],
          ['complete', { ticket, files: [{ name: 'late.txt', size: 1 }] }],
          ['ticket-status', { ticket }],
        ] as const) {
          const response = await guest.request('POST', `/api/p2p/receive/${session.token}/${path}`, body);
          assert.equal(response.status, 403, path);
          assert.equal(response.body.code, 'TICKET_REVOKED', path);
          assert.equal(response.body.reason, 'pin-reset');
          assert.match(response.body.error, /new PIN/);
        }
      }
      const view = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body;
      assert.ok(view.guests.every((g: any) => g.revokedReason === 'pin-reset'));
      assert.deepEqual(
        view.guests.map((g: any) => g.peerId).sort(),
        [null, peerA].sort(),
        'the revoked connects registered nothing new',
      );
      assert.equal(await server.running.app.receiveSessions.isTicketRevoked(session.token, a.ticket), true);

      // The new PIN's ticket works.
      const fresh = await admit({ ...session, pin: reset.body.pin });
      const peerNew = await issuedPeerId(session, fresh.guest, fresh.ticket);
      assert.equal(
        (
          await fresh.guest.request('POST', `/api/p2p/receive/${session.token}/connect`, {
            peerjs_id: peerNew,
            ticket: fresh.ticket,
          })
        ).status,
        200,
      );
      assert.equal(
        (await fresh.guest.request('POST', `/api/p2p/receive/${session.token}/ticket-status`, { ticket: fresh.ticket }))
          .status,
        200,
      );
      assert.equal(await server.running.app.receiveSessions.isTicketRevoked(session.token, fresh.ticket), false);
    });

    test("a share's reset PIN revokes its recipients' tickets too", async () => {
      const created = await owner.send('POST', '/api/p2p/create', { files: [{ name: 'a.txt', size: 3 }] });
      assert.equal(created.status, 201);
      const share = created.body as Session;
      const guest = new Client(server.url);
      const { ticket } = (await guest.request('POST', `/api/p2p/${share.token}/verify-pin`, { pin: share.pin })).body;
      assert.equal((await owner.send('POST', `/api/p2p/${share.token}/reset-pin`)).status, 200);
      const response = await guest.request('POST', `/api/p2p/${share.token}/connect`, {
        peerjs_id: 'recipient-2',
        ticket,
      });
      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'TICKET_REVOKED');
    });

    test('the owner removes one guest: only that ticket is revoked, with reason "removed"; only the owner may', async () => {
      const session = await createSession();
      const a = await admit(session);
      const b = await admit(session);
      const state = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body;
      const [idA, idB] = state.guests.map((g: any) => g.id);
      const stream = await ownerStream(session);
      const path = `/api/p2p/receive/${session.token}/guests/${idA}`;

      assert.equal((await new Client(server.url).request('DELETE', path)).status, 401);
      assert.equal((await owner.request('DELETE', path)).status, 403, 'CSRF header required');
      const foreign = await other.send('DELETE', path);
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.code, 'NOT_OWNER');
      assert.equal((await owner.send('DELETE', `/api/p2p/receive/${session.token}/guests/999999`)).status, 404);
      assert.equal((await owner.send('DELETE', `/api/p2p/receive/${session.token}/guests/abc`)).status, 400);

      const removed = await owner.send('DELETE', path);
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      assert.equal(removed.body.revokedReason, 'removed');
      const event = await nextOfType(stream, 'guest-revoked');
      assert.deepEqual(event?.data, { type: 'guest-revoked', guestIds: [idA], reason: 'removed' });
      stream.close();

      const refused = await a.guest.request('POST', `/api/p2p/receive/${session.token}/ticket-status`, {
        ticket: a.ticket,
      });
      assert.equal(refused.status, 403);
      assert.deepEqual([refused.body.code, refused.body.reason], ['TICKET_REVOKED', 'removed']);
      assert.match(refused.body.error, /removed you/);
      const still = await b.guest.request('POST', `/api/p2p/receive/${session.token}/ticket-status`, {
        ticket: b.ticket,
      });
      assert.deepEqual(still.body, { ok: true, guestId: idB });
      // Removing again changes nothing and tells nobody twice.
      assert.equal((await owner.send('DELETE', path)).status, 200);
    });

    test("complete replaces the guest's list: 15 calls of 1,000 files leave 1,000, and the waiting page does not inline them", async () => {
      const session = await createSession();
      const { guest, ticket } = await admit(session);
      const files = Array.from({ length: 1000 }, (_, i) => ({
        name: `folder/file-${i}-${'x'.repeat(100)}.bin`,
        size: i,
        sha256: 'b'.repeat(64),
      }));
      for (let i = 0; i < 15; i++) {
        const response = await guest.request('POST', `/api/p2p/receive/${session.token}/complete`, { ticket, files });
        assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 200));
      }
      const row = await db()
        .selectFrom('p2p_receive_sessions')
        .select('files_metadata')
        .where('token', '=', session.token)
        .executeTakeFirstOrThrow();
      const listed = JSON.parse(row.files_metadata!);
      assert.equal(listed.length, 1000, 'the session lists each file once');
      assert.equal(listed[999].name, files[999]!.name);
      const guestRow = await db()
        .selectFrom('p2p_guests')
        .select(['files_metadata', 'file_count'])
        .where(
          'session_id',
          '=',
          (
            await db()
              .selectFrom('p2p_receive_sessions')
              .select('id')
              .where('token', '=', session.token)
              .executeTakeFirstOrThrow()
          ).id,
        )
        .where('session_kind', '=', 'receive')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(guestRow.files_metadata!).length, 1000);
      assert.equal(Number(guestRow.file_count), 1000);

      const view = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body;
      assert.equal(view.files.length, 1000);
      const page = await owner.request('GET', `/p2p/receive/${session.token}/waiting`);
      assert.equal(page.status, 200);
      assert.ok(
        !String(page.body).includes('file-999-'),
        'the page fetches the list instead of carrying it in its HTML',
      );
      assert.ok(String(page.body).length < 64 * 1024, `page is ${String(page.body).length} bytes`);

      // A second guest's list joins the first one's, in guest order.
      const second = await admit(session);
      assert.equal(
        (
          await second.guest.request('POST', `/api/p2p/receive/${session.token}/complete`, {
            ticket: second.ticket,
            files: [{ name: 'b.txt', size: 2 }],
          })
        ).status,
        200,
      );
      const joined = JSON.parse(
        (
          await db()
            .selectFrom('p2p_receive_sessions')
            .select('files_metadata')
            .where('token', '=', session.token)
            .executeTakeFirstOrThrow()
        ).files_metadata!,
      );
      assert.equal(joined.length, 1001);
      assert.equal(joined[1000].name, 'b.txt');
    });

    test('owner limits per guest: chosen at creation, shown on the guest page, enforced by complete, refused when out of range', async () => {
      for (const body of [
        { maxFiles: 0 },
        { maxFiles: 10_001 },
        { maxFiles: '3' },
        { maxTotalBytes: 0 },
        { maxTotalBytes: 1.5 },
        { maxTotalBytes: 2 * 1024 ** 4 },
      ]) {
        const response = await owner.send('POST', '/api/p2p/receive/create', body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(typeof response.body.code, 'string');
      }
      const session = await createSession({ maxFiles: 2, maxTotalBytes: 100 });
      const view = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body;
      assert.deepEqual(view.limits, { maxFiles: 2, maxTotalBytes: 100 });
      const unlimited = (await owner.request('GET', `/api/p2p/receive/${(await createSession()).token}/state`)).body;
      assert.deepEqual(unlimited.limits, { maxFiles: null, maxTotalBytes: null });

      const page = String((await new Client(server.url).request('GET', `/p2p/receive/${session.shortcode}`)).body);
      assert.match(page, /&quot;maxFiles&quot;:2/);
      assert.match(page, /at most 2 files/);
      assert.match(page, /100 B in total/);

      const { guest, ticket } = await admit(session);
      for (const files of [
        [
          { name: 'a', size: 1 },
          { name: 'b', size: 1 },
          { name: 'c', size: 1 },
        ],
        [{ name: 'big', size: 101 }],
      ]) {
        const response = await guest.request('POST', `/api/p2p/receive/${session.token}/complete`, { ticket, files });
        assert.equal(response.status, 413);
        assert.equal(response.body.code, 'OVER_GUEST_LIMIT');
        assert.deepEqual(response.body.limits, { maxFiles: 2, maxTotalBytes: 100 });
      }
      assert.equal(
        (
          await guest.request('POST', `/api/p2p/receive/${session.token}/complete`, {
            ticket,
            files: [
              { name: 'a', size: 60 },
              { name: 'b', size: 40 },
            ],
          })
        ).status,
        200,
      );

      // The owner's page refuses a manifest over the limits by revoking that guest with reason "over-limit".
      const guestId = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body.guests[0].id;
      const refused = await owner.send('DELETE', `/api/p2p/receive/${session.token}/guests/${guestId}`, {
        reason: 'over-limit',
      });
      assert.equal(refused.status, 200);
      const told = await guest.request('POST', `/api/p2p/receive/${session.token}/ticket-status`, { ticket });
      assert.deepEqual([told.status, told.body.reason], [403, 'over-limit']);
      assert.match(told.body.error, /more than this link accepts/);
    });

    test("an owner's event stream ends when its login ends: at logout", async () => {
      const session = await createSession();
      const second = await new Client(server.url).login();
      const stream = await ownerStream(session, second);
      assert.equal((await second.send('POST', '/api/auth/logout')).status, 200);
      assert.equal(await nextOfType(stream, 'never', 3000), null, 'the stream closes');
    });

    test("an owner's event stream ends when its login ends: a password change ends the other logins", async () => {
      const teacher = { username: 'stream-teacher', password: 'teacher-password-1' };
      assert.equal((await owner.send('POST', '/api/users', teacher)).status, 201);
      const laptop = await new Client(server.url).login(teacher.username, teacher.password);
      const phone = await new Client(server.url).login(teacher.username, teacher.password);
      const stream = await ownerStream(await createSession({}, laptop), laptop);
      const changed = await phone.send('POST', '/api/account/password', {
        currentPassword: teacher.password,
        newPassword: 'teacher-password-2',
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(await nextOfType(stream, 'never', 3000), null, 'the stream of the ended login closes');
    });

    test("an owner's event stream ends when its login ends: at expiry", async () => {
      const session = await createSession();
      const second = await new Client(server.url).login();
      // This login runs out in two seconds (every login row but the first two of this test server's users).
      const rows = await db()
        .selectFrom('login_sessions')
        .select(['id', 'created_at'])
        .orderBy('created_at', 'desc')
        .execute();
      await db()
        .updateTable('login_sessions')
        .set({ expires_at: new Date(Date.now() + 2000).toISOString() })
        .where('id', '=', rows[0]!.id)
        .execute();
      const stream = await ownerStream(session, second);
      assert.equal(await nextOfType(stream, 'never', 6000), null, 'the stream closes');
      assert.equal((await second.request('GET', '/api/auth/me')).status, 401);
    });
  });

  describe(`server-wide caps (${store.name})`, () => {
    let server: TestServer;
    let owner: Client;
    before(async () => {
      server = await startTestServer(
        {
          PHUPPI_MAX_FILES_PER_SESSION: '5',
          PHUPPI_MAX_GUESTS_PER_SESSION: '3',
          PHUPPI_MAX_ADMISSIONS_PER_MINUTE: '4',
          PHUPPI_MAX_ACTIVE_SESSIONS: '6',
          PHUPPI_MAX_CREATIONS_PER_MINUTE: '8',
        },
        store,
      );
      owner = await new Client(server.url).login();
    });
    after(() => server.close());

    const create = (body: unknown = {}) => owner.send('POST', '/api/p2p/receive/create', body);
    const ageCreations = () =>
      Promise.all(
        (['p2p_receive_sessions', 'p2p_shared_files'] as const).map((t) =>
          server.running.store.db
            .updateTable(t)
            .set({ created_at: new Date(Date.now() - 120_000).toISOString() })
            .execute(),
        ),
      );

    test('files per session: all guests together; a repeated report replaces, so it still fits', async () => {
      const session = (await create()).body as Session;
      const guests = [];
      for (let i = 0; i < 2; i++)
        guests.push(
          (
            await new Client(server.url).request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
              pin: session.pin,
            })
          ).body.ticket,
        );
      const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, size: 1 }));
      const url = `/api/p2p/receive/${session.token}/complete`;
      const guest = new Client(server.url);
      assert.equal((await guest.request('POST', url, { ticket: guests[0], files: files(4) })).status, 200);
      assert.equal((await guest.request('POST', url, { ticket: guests[0], files: files(4) })).status, 200, 'replaces');
      const over = await guest.request('POST', url, { ticket: guests[1], files: files(2) });
      assert.equal(over.status, 413);
      assert.equal(over.body.code, 'TOO_MANY_FILES');
      assert.match(over.body.error, /at most 5 files/);
      assert.equal((await guest.request('POST', url, { ticket: guests[1], files: files(1) })).status, 200);
      const share = await owner.send('POST', '/api/p2p/create', { files: files(6) });
      assert.equal(share.status, 413);
      assert.equal(share.body.code, 'TOO_MANY_FILES');
      await ageCreations();
    });

    test('guests per session (revoked ones do not count) and correct-PIN admissions per address per minute', async () => {
      const session = (await create()).body as Session;
      const verify = (client: Client) =>
        client.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin });
      for (let i = 0; i < 3; i++) assert.equal((await verify(new Client(server.url))).body.valid, true);
      const full = await verify(new Client(server.url));
      assert.equal(full.status, 409);
      assert.equal(full.body.code, 'SESSION_FULL');
      assert.match(full.body.error, /3 guests/);
      const [first] = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body.guests;
      assert.equal((await owner.send('DELETE', `/api/p2p/receive/${session.token}/guests/${first.id}`)).status, 200);
      assert.equal((await verify(new Client(server.url))).body.valid, true, 'a removed guest frees a place');

      // One device: two admissions in each of two sessions pass; a fifth in the minute, in any session, does not.
      const x = (await create()).body as Session;
      const y = (await create()).body as Session;
      const device = new Client(server.url);
      for (const s of [x, x, y, y])
        assert.equal(
          (await device.request('POST', `/api/p2p/receive/${s.token}/verify-pin`, { pin: s.pin })).status,
          200,
        );
      const limited = await device.request('POST', `/api/p2p/receive/${y.token}/verify-pin`, { pin: y.pin });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'TOO_MANY_ADMISSIONS');
      assert.match(limited.body.error, /Wait a minute/);
      await ageCreations();
    });

    test('sessions a user creates per minute, and has open at once (both directions together)', async () => {
      await ageCreations();
      // Cancel what earlier tests left open.
      for (const s of (await owner.request('GET', '/api/p2p/receive')).body.sessions)
        await owner.send('DELETE', `/api/p2p/receive/${s.token}`);
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await create()).status);
      assert.deepEqual(statuses.slice(0, 6), [201, 201, 201, 201, 201, 201]);
      const tooMany = await create();
      assert.equal(tooMany.status, 409);
      assert.equal(tooMany.body.code, 'TOO_MANY_ACTIVE_SESSIONS');
      assert.match(tooMany.body.error, /Cancel one/);
      const shareRefused = await owner.send('POST', '/api/p2p/create', { files: [{ name: 'a', size: 1 }] });
      assert.equal(shareRefused.body.code, 'TOO_MANY_ACTIVE_SESSIONS', 'shares count too');

      for (const s of (await owner.request('GET', '/api/p2p/receive')).body.sessions)
        await owner.send('DELETE', `/api/p2p/receive/${s.token}`);
      const burst = await Promise.all(Array.from({ length: 12 }, () => create()));
      // 6 created above + these: 8 in the minute, however the requests interleave.
      assert.equal(burst.filter((r) => r.status === 201).length, 2);
      const limited = burst.find((r) => r.status === 429);
      assert.equal(limited?.body.code, 'TOO_MANY_CREATIONS');
      assert.match(limited?.body.error, /Wait a minute/);
    });
  });

  describe(`clean-up with 70,000 expired sessions (${store.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, store);
    });
    after(() => server.close());

    test('ends them all, later deletes them all with their guests, and the login clean-up still runs', {
      timeout: 300_000,
    }, async () => {
      const db = server.running.store.db;
      const { id: userId } = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
      const expired = new Date(Date.now() - 60_000).toISOString();
      const N = 70_000; // past both stores' limits on bound parameters (SQLite 32,766; PostgreSQL 65,535)
      for (let start = 0; start < N; start += 1000) {
        await db
          .insertInto('p2p_receive_sessions')
          .values(
            Array.from({ length: 1000 }, (_, i) => ({
              user_id: userId,
              token: `t${start + i}`.padEnd(64, 'x'),
              shortcode: `s${start + i}`.padEnd(12, 'y'),
              pin: '00',
              pin_attempts: 0,
              created_at: expired,
              expires_at: expired,
              is_active: true,
            })),
          )
          .execute();
      }
      const some = await db.selectFrom('p2p_receive_sessions').select('id').limit(3).execute();
      await db
        .insertInto('p2p_guests')
        .values(
          some.map((s, i) => ({
            session_kind: 'receive' as const,
            session_id: s.id,
            ticket_hash: `h${i}`.padEnd(64, '0'),
            client_address: '192.0.2.1',
            state: 'verified' as const,
            verified_at: expired,
          })),
        )
        .execute();

      const sessions = server.running.app.receiveSessions;
      const first = await sessions.cleanup(30);
      assert.equal(first.expired, N);
      const active = await db
        .selectFrom('p2p_receive_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_active', '=', true)
        .executeTakeFirstOrThrow();
      assert.equal(Number(active.n), 0);

      await db
        .updateTable('p2p_receive_sessions')
        .set({ expires_at: new Date(Date.now() - 31 * 86400_000).toISOString() })
        .execute();
      const second = await sessions.cleanup(30);
      assert.equal(second.deleted, N);
      const left = await db
        .selectFrom('p2p_receive_sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(left.n), 0);
      const guestsLeft = await db.selectFrom('p2p_guests').select('id').execute();
      assert.equal(guestsLeft.length, 0);
    });

    test('each clean-up step runs even when another one fails', async () => {
      const ran: string[] = [];
      await assert.rejects(
        runSteps({
          first: async () => {
            ran.push('first');
            throw new Error('too many SQL variables');
          },
          second: async () => void ran.push('second'),
          logins: async () => void ran.push('logins'),
        }),
        /too many SQL variables/,
      );
      assert.deepEqual(ran, ['first', 'second', 'logins']);
    });
  });
}

describe('cap configuration', () => {
  const load = (env: Record<string, string>) => loadConfig(env, { readDotenv: false });
  test('defaults, and each cap read from its variable', () => {
    assert.deepEqual(load({}).limits, {
      filesPerSession: 10000,
      guestsPerSession: 100,
      admissionsPerMinute: 10,
      activeSessionsPerUser: 100,
      creationsPerMinute: 30,
    });
    const limits = load({
      PHUPPI_MAX_FILES_PER_SESSION: '7',
      PHUPPI_MAX_GUESTS_PER_SESSION: '8',
      PHUPPI_MAX_ADMISSIONS_PER_MINUTE: '9',
      PHUPPI_MAX_ACTIVE_SESSIONS: '10',
      PHUPPI_MAX_CREATIONS_PER_MINUTE: '11',
    }).limits;
    assert.deepEqual(limits, {
      filesPerSession: 7,
      guestsPerSession: 8,
      admissionsPerMinute: 9,
      activeSessionsPerUser: 10,
      creationsPerMinute: 11,
    });
  });
  test('a bad cap stops the start with one line', () => {
    for (const name of [
      'PHUPPI_MAX_FILES_PER_SESSION',
      'PHUPPI_MAX_GUESTS_PER_SESSION',
      'PHUPPI_MAX_ADMISSIONS_PER_MINUTE',
      'PHUPPI_MAX_ACTIVE_SESSIONS',
      'PHUPPI_MAX_CREATIONS_PER_MINUTE',
    ]) {
      for (const value of ['abc', '0', '-1']) {
        assert.throws(
          () => load({ [name]: value }),
          (e: unknown) => e instanceof ConfigError && e.message.startsWith(name) && !e.message.includes('\n'),
          `${name}=${value}`,
        );
      }
    }
  });
});
