import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BODY_LIMIT_BYTES } from '../../src/server/app.ts';
import { COMPLETE_BODY_LIMIT_BYTES } from '../../src/server/sessions/session-routes.ts';
import { MAX_FILES } from '../../src/shared/transfer-limits.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openEventStream } from '../helpers/sse.ts';
import { testStores } from '../helpers/stores.ts';

const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');

for (const store of testStores()) {
  describe(`reverse P2P receive sessions (${store.name})`, () => {
    let server: TestServer;
    let owner: Client;
    let other: Client;
    before(async () => {
      server = await startTestServer(
        { PHUPPI_P2P_RECEIVE_TTL: '3600', PHUPPI_BASE_URL: 'https://files.example.org' },
        store,
      );
      owner = await new Client(server.url).login();
      const created = await owner.send('POST', '/api/users', { username: 'other', password: 'other-password' });
      assert.equal(created.status, 201);
      other = await new Client(server.url).login('other', 'other-password');
    });
    after(() => server.close());

    const db = () => server.running.store.db;
    const createSession = async (body: unknown = {}) => {
      const response = await owner.send('POST', '/api/p2p/receive/create', body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { token: string; shortcode: string; pin: string; url: string; expiresAt: string };
    };
    const admit = async (session: { token: string; pin: string }, guest = new Client(server.url)) => {
      const response = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
        pin: session.pin,
      });
      assert.equal(response.body.valid, true);
      return { guest, ticket: response.body.ticket as string };
    };
    /** A peer id the server issues to this ticket (with its signaling credential); `connect` takes no other. */
    const issuedPeerId = async (guest: Client, session: { token: string }, ticket: string): Promise<string> =>
      (await guest.request('POST', `/api/p2p/receive/${session.token}/signaling`, { ticket })).body.peerId;

    describe('create', () => {
      test('answers token, shortcode, PIN, guest URL and expiry', async () => {
        const before = Date.now();
        const session = await createSession({ expiresIn: 900, label: 'Homework week 3' });
        assert.match(session.token, /^[A-Za-z0-9]{64}$/);
        assert.match(session.shortcode, /^[A-Za-z0-9]{12}$/);
        assert.match(session.pin, /^\d{2}$/);
        assert.equal(session.url, `https://files.example.org/p2p/receive/${session.shortcode}`);
        const expires = Date.parse(session.expiresAt);
        assert.ok(expires >= before + 899_000 && expires <= Date.now() + 901_000);
      });

      test('defaults to PHUPPI_P2P_RECEIVE_TTL and accepts an empty body', async () => {
        const response = await owner.request('POST', '/api/p2p/receive/create', undefined, {
          'x-csrf-token': owner.csrfToken,
        });
        assert.equal(response.status, 201, JSON.stringify(response.body));
        const lifetime = Date.parse(response.body.expiresAt) - Date.now();
        assert.ok(lifetime > 3590_000 && lifetime <= 3600_000, String(lifetime));
      });

      test('rejects bad input with 400 and needs a logged-in owner with the CSRF header', async () => {
        for (const body of [
          { expiresIn: 299 },
          { expiresIn: 604801 },
          { expiresIn: '600' },
          { expiresIn: 1.5 },
          { label: 'x'.repeat(201) },
          { label: 5 },
          '{oops',
          '[]',
        ]) {
          const response = await owner.send('POST', '/api/p2p/receive/create', body);
          assert.equal(response.status, 400, JSON.stringify(body));
          assert.equal(typeof response.body.error, 'string');
        }
        assert.equal((await new Client(server.url).request('POST', '/api/p2p/receive/create', {})).status, 401);
        const noCsrf = await owner.request('POST', '/api/p2p/receive/create', {});
        assert.equal(noCsrf.status, 403);
        assert.equal(noCsrf.body.code, 'CSRF');
      });
    });

    describe('public metadata', () => {
      test('shows what a guest may see, never the PIN or a peer id', async () => {
        const session = await createSession({ label: '<script>alert(1)</script>' });
        const { guest, ticket } = await admit(session);
        const peerId = await issuedPeerId(guest, session, ticket);
        assert.equal(
          (await guest.request('POST', `/api/p2p/receive/${session.token}/connect`, { peerjs_id: peerId, ticket }))
            .status,
          200,
        );
        const response = await new Client(server.url).request('GET', `/api/p2p/receive/${session.token}`);
        assert.equal(response.status, 200);
        assert.deepEqual(
          Object.keys(response.body).sort(),
          [
            'createdAt',
            'expiresAt',
            'isActive',
            'isExpired',
            'isLocked',
            'label',
            'receiverName',
            'shortcode',
            'token',
          ].sort(),
        );
        assert.equal(response.body.label, '<script>alert(1)</script>', 'JSON carries the text; pages escape it');
        assert.equal(response.body.receiverName, 'admin');
        assert.equal(response.body.isActive, true);
        assert.equal(response.body.isExpired, false);
        const raw = JSON.stringify(response.body);
        assert.ok(!raw.includes(peerId));
        assert.ok(!raw.includes(`"${session.pin}"`));
      });

      test('unknown tokens answer 404', async () => {
        const response = await new Client(server.url).request('GET', `/api/p2p/receive/${'x'.repeat(64)}`);
        assert.equal(response.status, 404);
        assert.equal(response.body.code, 'NOT_FOUND');
      });
    });

    describe('cancel', () => {
      test('only the owner cancels; afterwards every public call answers 410', async () => {
        const session = await createSession();
        const { guest, ticket } = await admit(session);
        assert.equal((await new Client(server.url).request('DELETE', `/api/p2p/receive/${session.token}`)).status, 401);
        assert.equal(
          (await owner.request('DELETE', `/api/p2p/receive/${session.token}`)).status,
          403,
          'CSRF header required',
        );
        const stranger = await other.send('DELETE', `/api/p2p/receive/${session.token}`);
        assert.equal(stranger.status, 403);
        assert.equal(stranger.body.code, 'NOT_OWNER');
        assert.equal((await owner.send('DELETE', `/api/p2p/receive/${'y'.repeat(64)}`)).status, 404);
        assert.equal((await owner.send('DELETE', `/api/p2p/receive/${session.token}`)).status, 200);

        const calls: Array<[string, string, unknown?]> = [
          ['GET', `/api/p2p/receive/${session.token}`],
          ['POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin }],
          ['POST', `/api/p2p/receive/${session.token}/connect`, { peerjs_id: 'p1', ticket }],
          ['POST', `/api/p2p/receive/${session.token}/complete`, { ticket, files: [] }],
        ];
        for (const [method, path, body] of calls) {
          const response = await guest.request(method, path, body);
          assert.equal(response.status, 410, path);
          assert.equal(response.body.code, 'CANCELLED');
        }
        assert.equal((await owner.send('POST', `/api/p2p/receive/${session.token}/reset-pin`)).status, 410);
        const list = (await owner.request('GET', '/api/p2p/receive')).body.sessions;
        assert.equal(list.find((s: any) => s.token === session.token).status, 'cancelled');
      });
    });

    describe('PIN', () => {
      test('a wrong PIN then the right one; the ticket comes only with the right one', async () => {
        const session = await createSession();
        const guest = new Client(server.url);
        const wrong = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
          pin: wrongPin(session.pin),
        });
        assert.equal(wrong.status, 200);
        assert.deepEqual(
          { valid: wrong.body.valid, attemptsRemaining: wrong.body.attemptsRemaining, locked: wrong.body.locked },
          { valid: false, attemptsRemaining: 2, locked: false },
        );
        assert.equal(wrong.body.ticket, undefined);
        const right = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin });
        assert.equal(right.body.valid, true);
        assert.match(right.body.ticket, /^[0-9a-f]{64}$/);
      });

      test('malformed PINs are 400 and do not count', async () => {
        const session = await createSession();
        const guest = new Client(server.url);
        for (const body of [{ pin: 'ab' }, { pin: '123' }, { pin: 12 }, {}, { pin: '' }]) {
          assert.equal(
            (await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, body)).status,
            400,
            JSON.stringify(body),
          );
        }
        assert.equal(
          (await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin })).body
            .valid,
          true,
        );
      });

      test('3 wrong PINs lock that address for 15 minutes, and only that address', async () => {
        const session = await createSession();
        const stranger = new Client(server.url);
        const answers = [];
        for (let i = 0; i < 3; i++)
          answers.push(
            (
              await stranger.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
                pin: wrongPin(session.pin),
              })
            ).body,
          );
        assert.deepEqual(
          answers.map((a) => a.attemptsRemaining),
          [2, 1, 0],
        );
        assert.equal(answers[2].locked, true);
        const lockedUntil = Date.parse(answers[2].lockedUntil);
        assert.ok(Math.abs(lockedUntil - (Date.now() + 15 * 60_000)) < 10_000);
        const fourth = await stranger.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
          pin: session.pin,
        });
        assert.equal(fourth.status, 423, 'even the right PIN is refused while locked');
        assert.equal(fourth.body.code, 'PIN_LOCKED');
        assert.equal(fourth.body.locked, true);
        assert.equal((await stranger.request('GET', `/api/p2p/receive/${session.token}`)).body.isLocked, true);
        const realGuest = new Client(server.url);
        assert.equal((await realGuest.request('GET', `/api/p2p/receive/${session.token}`)).body.isLocked, false);
        assert.equal(
          (await realGuest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin })).body
            .valid,
          true,
        );

        // When the 15 minutes are over, the address may try again.
        await db()
          .updateTable('p2p_pin_attempts')
          .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
          .execute();
        assert.equal(
          (await stranger.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin })).body
            .valid,
          true,
        );
      });

      test('10 wrong PINs in total lock the session until the owner resets the PIN', async () => {
        const session = await createSession();
        for (let i = 0; i < 5; i++) {
          const guesser = new Client(server.url);
          for (let j = 0; j < 2; j++)
            await guesser.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
              pin: wrongPin(session.pin),
            });
        }
        const latecomer = new Client(server.url);
        const refused = await latecomer.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
          pin: session.pin,
        });
        assert.equal(refused.status, 423);
        assert.equal(refused.body.lockedUntil, null, 'no end time: it waits for the owner');
        assert.equal((await latecomer.request('GET', `/api/p2p/receive/${session.token}`)).body.isLocked, true);
        const listed = (await owner.request('GET', '/api/p2p/receive')).body.sessions.find(
          (s: any) => s.token === session.token,
        );
        assert.equal(listed.status, 'locked');

        assert.equal((await other.send('POST', `/api/p2p/receive/${session.token}/reset-pin`)).status, 403);
        assert.equal(
          (await owner.request('POST', `/api/p2p/receive/${session.token}/reset-pin`)).status,
          403,
          'CSRF header required',
        );
        const reset = await owner.send('POST', `/api/p2p/receive/${session.token}/reset-pin`);
        assert.equal(reset.status, 200);
        assert.match(reset.body.pin, /^\d{2}$/);
        assert.equal((await latecomer.request('GET', `/api/p2p/receive/${session.token}`)).body.isLocked, false);
        assert.equal(
          (await latecomer.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: reset.body.pin }))
            .body.valid,
          true,
        );
      });

      test('50 parallel wrong PINs from one address: exactly 3 are judged, the rest are locked out', async () => {
        const session = await createSession();
        const guesser = new Client(server.url);
        const answers = await Promise.all(
          Array.from({ length: 50 }, () =>
            guesser.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: wrongPin(session.pin) }),
          ),
        );
        assert.equal(answers.filter((a) => a.status === 200).length, 3);
        assert.equal(answers.filter((a) => a.status === 423).length, 47);
        const row = await db()
          .selectFrom('p2p_receive_sessions')
          .select(['pin_attempts'])
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.pin_attempts), 3);
      });

      test('50 parallel wrong PINs from 50 addresses: never more than 10 get past the session limit', async () => {
        const session = await createSession();
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            new Client(server.url, `203.0.113.${i + 1}`).request(
              'POST',
              `/api/p2p/receive/${session.token}/verify-pin`,
              { pin: wrongPin(session.pin) },
            ),
          ),
        );
        assert.equal(answers.filter((a) => a.status === 200).length, 10);
        assert.ok(answers.every((a) => a.status === 200 || a.status === 423));
        const row = await db()
          .selectFrom('p2p_receive_sessions')
          .select(['pin_attempts', 'pin_locked_at'])
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.pin_attempts), 10);
        assert.ok(row.pin_locked_at);
      });
    });

    describe('tickets, connect and complete', () => {
      test('connect needs a ticket of this very session', async () => {
        const session = await createSession();
        const another = await createSession();
        const { guest, ticket } = await admit(session);
        const { ticket: otherTicket } = await admit(another);
        const url = `/api/p2p/receive/${session.token}/connect`;
        assert.equal((await guest.request('POST', url, { peerjs_id: 'peer-1' })).status, 400);
        const forged = await guest.request('POST', url, { peerjs_id: 'peer-1', ticket: 'f'.repeat(64) });
        assert.equal(forged.status, 403);
        assert.equal(forged.body.code, 'BAD_TICKET');
        assert.equal((await guest.request('POST', url, { peerjs_id: 'peer-1', ticket: otherTicket })).status, 403);
        assert.equal((await guest.request('POST', url, { peerjs_id: 'bad id with spaces', ticket })).status, 400);
        const ok = await guest.request('POST', url, { peerjs_id: await issuedPeerId(guest, session, ticket), ticket });
        assert.equal(ok.status, 200);
        // A reconnect (new PeerJS id after a reload) replaces the registered id.
        const secondId = await issuedPeerId(guest, session, ticket);
        assert.equal((await guest.request('POST', url, { peerjs_id: secondId, ticket })).status, 200);
        const view = (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body;
        assert.equal(view.guests.length, 1);
        assert.equal(view.guests[0].peerId, secondId);
        assert.equal(view.guests[0].state, 'connecting');
      });

      test('complete saves sanitised metadata into files_metadata; bad lists are refused whole', async () => {
        const session = await createSession();
        const { guest, ticket } = await admit(session);
        const url = `/api/p2p/receive/${session.token}/complete`;
        const sha = 'a'.repeat(64);
        const files = [
          { name: '../../etc/passwd', size: 10, type: 'text/plain', sha256: sha },
          { name: '/abs/Path\u0000\u202e.pdf', size: 0, type: 'application/pdf' },
          { name: 'Hausaufgabe – Übung.txt', size: 5, type: 'not a mime' },
        ];
        const ok = await guest.request('POST', url, { ticket, files, extra: 'ignored' });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.deepEqual(
          ok.body.files.map((f: any) => f.name),
          ['etc/passwd', 'abs/Path.pdf', 'Hausaufgabe – Übung.txt'],
        );
        assert.equal(ok.body.files[2].type, 'application/octet-stream');
        const row = await db()
          .selectFrom('p2p_receive_sessions')
          .select('files_metadata')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          JSON.parse(row.files_metadata!).map((f: any) => [f.name, f.size, f.sha256]),
          [
            ['etc/passwd', 10, sha],
            ['abs/Path.pdf', 0, null],
            ['Hausaufgabe – Übung.txt', 5, null],
          ],
        );

        const bad: unknown[] = [
          { ticket, files: [{ name: 'a', size: -1 }] },
          { ticket, files: [{ name: 'a', size: 1.5 }] },
          { ticket, files: [{ name: 'a', size: '3' }] },
          { ticket, files: [{ name: '', size: 1 }] },
          { ticket, files: [{ name: 'a', size: 1, sha256: 'xyz' }] },
          { ticket, files: 'nope' },
          { ticket, files: Array.from({ length: 10_001 }, () => ({ name: 'a', size: 1 })) },
          { ticket, files: [{ name: `${'é'.repeat(150)}.txt`, size: 1 }] },
        ];
        for (const body of bad) {
          const response = await guest.request('POST', url, body);
          assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
        }
        assert.equal((await guest.request('POST', url, { ticket: 'f'.repeat(64), files: [] })).status, 403);
        const after = await db()
          .selectFrom('p2p_receive_sessions')
          .select('files_metadata')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.equal(JSON.parse(after.files_metadata!).length, 3, 'nothing was lost or added by refused requests');
      });

      test(`a report of ${MAX_FILES} files fits, over the app-wide body limit; a larger body is 413`, async () => {
        const session = await createSession();
        const { guest, ticket } = await admit(session);
        const url = `/api/p2p/receive/${session.token}/complete`;
        const files = Array.from({ length: MAX_FILES }, (_, i) => ({
          name: `holiday/photo-${String(i).padStart(5, '0')}-${'n'.repeat(60)}.jpg`,
          size: i,
          type: 'image/jpeg',
          sha256: 'a'.repeat(64),
        }));
        const body = JSON.stringify({ ticket, files });
        assert.ok(body.length > BODY_LIMIT_BYTES, `${body.length} bytes`);
        const ok = await guest.request('POST', url, { ticket, files });
        assert.equal(ok.status, 200, JSON.stringify(ok.body).slice(0, 200));
        assert.equal(ok.body.files.length, MAX_FILES);
        const huge = await guest.request('POST', url, { ticket, files, pad: 'x'.repeat(COMPLETE_BODY_LIMIT_BYTES) });
        assert.equal(huge.status, 413);
      });

      test('two guests complete at the same time; both lists are kept', async () => {
        const session = await createSession();
        const a = await admit(session);
        const b = await admit(session);
        await Promise.all([
          a.guest.request('POST', `/api/p2p/receive/${session.token}/complete`, {
            ticket: a.ticket,
            files: [
              { name: 'a1', size: 1 },
              { name: 'a2', size: 2 },
            ],
          }),
          b.guest.request('POST', `/api/p2p/receive/${session.token}/complete`, {
            ticket: b.ticket,
            files: [{ name: 'b1', size: 3 }],
          }),
        ]);
        const row = await db()
          .selectFrom('p2p_receive_sessions')
          .select('files_metadata')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          JSON.parse(row.files_metadata!)
            .map((f: any) => f.name)
            .sort(),
          ['a1', 'a2', 'b1'],
        );
      });
    });

    describe('owner views', () => {
      test("the list is the caller's own sessions, newest first, with PIN, guests and files", async () => {
        const first = await createSession({ label: 'first' });
        const second = await createSession({ label: 'second' });
        const { guest, ticket } = await admit(second);
        await guest.request('POST', `/api/p2p/receive/${second.token}/complete`, {
          ticket,
          files: [{ name: 'x.pdf', size: 9 }],
        });
        const mine = (await owner.request('GET', '/api/p2p/receive')).body.sessions;
        const indexOf = (token: string) => mine.findIndex((s: any) => s.token === token);
        assert.ok(indexOf(second.token) < indexOf(first.token));
        const view = mine[indexOf(second.token)];
        assert.equal(view.pin, second.pin);
        assert.equal(view.guests.length, 1);
        assert.deepEqual(
          view.files.map((f: any) => f.name),
          ['x.pdf'],
        );
        const theirs = (await other.request('GET', '/api/p2p/receive')).body.sessions;
        assert.equal(theirs.length, 0);
        assert.equal((await new Client(server.url).request('GET', '/api/p2p/receive')).status, 401);
        assert.equal((await other.request('GET', `/api/p2p/receive/${second.token}/state`)).status, 403);
      });

      test('the event stream tells the owner about guests, and ends when the session is cancelled', async () => {
        const session = await createSession();
        const headers = { cookie: owner.cookie, 'x-forwarded-for': owner.ip };
        assert.equal((await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, {})).status, 401);
        const foreign = await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, {
          cookie: other.cookie,
        });
        assert.equal(foreign.status, 403);
        const stream = await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, headers);
        assert.equal(stream.status, 200);
        const snapshot = await stream.next();
        assert.equal(snapshot?.event, 'snapshot');
        assert.equal(snapshot?.data.session.token, session.token);

        const { guest, ticket } = await admit(session);
        assert.equal((await stream.next())?.event, 'guest-verified');
        const peerId = await issuedPeerId(guest, session, ticket);
        await guest.request('POST', `/api/p2p/receive/${session.token}/connect`, { peerjs_id: peerId, ticket });
        const connected = await stream.next();
        assert.equal(connected?.event, 'guest-connected');
        assert.equal(connected?.data.guest.peerId, peerId);
        await guest.request('POST', `/api/p2p/receive/${session.token}/complete`, {
          ticket,
          files: [{ name: 'done.txt', size: 4 }],
        });
        const completed = await stream.next();
        assert.equal(completed?.event, 'guest-completed');
        assert.deepEqual(
          completed?.data.files.map((f: any) => f.name),
          ['done.txt'],
        );
        await owner.send('DELETE', `/api/p2p/receive/${session.token}`);
        const ended = await stream.next();
        assert.deepEqual(ended?.data, { type: 'session-ended', reason: 'cancelled' });
        assert.equal(await stream.next(), null, 'the stream closes');
        const { id } = await db()
          .selectFrom('p2p_receive_sessions')
          .select('id')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.equal(server.running.app.receiveSessions.events.listenerCount('receive', id), 0);
        const late = await openEventStream(`${server.url}/api/p2p/receive/${session.token}/events`, headers);
        assert.equal(late.status, 410);
      });
    });

    describe('expiry and clean-up', () => {
      test('an expired session answers 410 EXPIRED to every public call; clean-up deactivates and later deletes it', async () => {
        const session = await createSession();
        const { guest, ticket } = await admit(session);
        await db()
          .updateTable('p2p_receive_sessions')
          .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
          .where('token', '=', session.token)
          .execute();
        for (const [method, path, body] of [
          ['GET', `/api/p2p/receive/${session.token}`],
          ['POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin: session.pin }],
          ['POST', `/api/p2p/receive/${session.token}/connect`, { peerjs_id: 'p', ticket }],
          ['POST', `/api/p2p/receive/${session.token}/complete`, { ticket, files: [] }],
        ] as Array<[string, string, unknown?]>) {
          const response = await guest.request(method, path, body);
          assert.equal(response.status, 410, path);
          assert.equal(response.body.code, 'EXPIRED');
        }
        const result = await server.running.app.receiveSessions.cleanup(30);
        assert.ok(result.expired >= 1);
        const row = await db()
          .selectFrom('p2p_receive_sessions')
          .select('is_active')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        assert.equal(Boolean(row.is_active), false);

        const { id: sessionId } = await db()
          .selectFrom('p2p_receive_sessions')
          .select('id')
          .where('token', '=', session.token)
          .executeTakeFirstOrThrow();
        await db()
          .updateTable('p2p_receive_sessions')
          .set({ expires_at: new Date(Date.now() - 31 * 86400_000).toISOString() })
          .where('token', '=', session.token)
          .execute();
        const second = await server.running.app.receiveSessions.cleanup(30);
        assert.ok(second.deleted >= 1);
        assert.equal(
          await db()
            .selectFrom('p2p_receive_sessions')
            .select('id')
            .where('token', '=', session.token)
            .executeTakeFirst(),
          undefined,
        );
        const guestsLeft = await db()
          .selectFrom('p2p_guests')
          .select('id')
          .where('session_kind', '=', 'receive')
          .where('session_id', '=', sessionId)
          .execute();
        assert.equal(guestsLeft.length, 0, 'its guests went with it');
      });
    });

    describe('rate limits', () => {
      test('60 requests a minute from one address pass; a burst of hundreds meets 429', async () => {
        const session = await createSession();
        const client = new Client(server.url);
        const statuses: number[] = [];
        for (let i = 0; i < 300 && !statuses.includes(429); i += 20) {
          const batch = await Promise.all(
            Array.from({ length: 20 }, () => client.request('GET', `/api/p2p/receive/${session.token}`)),
          );
          statuses.push(...batch.map((r) => r.status));
        }
        assert.ok(
          statuses.slice(0, 60).every((s) => s === 200),
          'the first 60 pass',
        );
        assert.ok(statuses.includes(429), 'the burst is limited');
        const limited = await client.request('GET', `/api/p2p/receive/${session.token}`);
        assert.equal(limited.body.code, 'RATE_LIMITED');
        assert.equal(
          (await new Client(server.url).request('GET', `/api/p2p/receive/${session.token}`)).status,
          200,
          'other addresses are unaffected',
        );
      });

      test('the guest page is rate limited too', async () => {
        const session = await createSession();
        const client = new Client(server.url);
        const statuses: number[] = [];
        for (let i = 0; i < 300 && !statuses.includes(429); i += 20) {
          const batch = await Promise.all(
            Array.from({ length: 20 }, () => client.request('GET', `/p2p/receive/${session.shortcode}`)),
          );
          statuses.push(...batch.map((r) => r.status));
        }
        assert.ok(statuses.slice(0, 60).every((s) => s === 200));
        assert.ok(statuses.includes(429));
      });
    });
  });
}
