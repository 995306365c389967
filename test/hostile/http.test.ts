/**
 * Hostile HTTP: client addresses a stranger picks, redirects off-site, text that lies about itself, secrets on
 * disk and in logs, and malformed input on every public endpoint.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import selfsigned from 'selfsigned';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { clientKey } from '../../src/server/http/client-address.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';
import { useServerAndBrowser } from '../helpers/suite.ts';

const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');
const mode = (file: string) => statSync(file).mode & 0o777;

type Session = { token: string; shortcode: string; pin: string };

describe('PHUPPI_TRUST_PROXY', () => {
  const load = (value: string) => loadConfig({ PHUPPI_TRUST_PROXY: value }, { readDotenv: false });

  test('"true" (any client may name its own address) is refused, naming the safe forms', () => {
    assert.throws(
      () => load('true'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /hop count/);
        assert.match(error.message, /addresses\/CIDRs/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
  });

  test('a hop count, addresses, CIDRs and range names are taken; anything else is refused', () => {
    assert.equal(load('1').trustProxy, 1);
    assert.equal(load('127.0.0.1, ::1').trustProxy, '127.0.0.1,::1');
    assert.equal(load('10.0.0.0/8,fd00::/8,loopback').trustProxy, '10.0.0.0/8,fd00::/8,loopback');
    for (const bad of ['yes', '10.0.0.0/33', '*', 'proxy.example']) assert.throws(() => load(bad), ConfigError, bad);
  });
});

describe('client address keys', () => {
  test('IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 from afar by its /64, anything else is no key', () => {
    assert.equal(clientKey('198.51.100.7'), '198.51.100.7');
    assert.equal(clientKey('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(clientKey('2001:db8:1:2::a'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:DB8:1:2:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    for (const bad of ['', 'x'.repeat(100), '1.2.3', 'unknown', '2001:db8::1::2'])
      assert.equal(clientKey(bad), null, bad);
  });

  test("IPv6 on the server's own link or in a private range is one address per client, as on a LAN", () => {
    assert.equal(clientKey('::1'), '0:0:0:0:0:0:0:1');
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0:0:0:0:1');
    assert.equal(clientKey('FD00:1:2:3::a'), 'fd00:1:2:3:0:0:0:a');
    const classroom = (prefix: string) => prefix === '2001:db8:5:6::/64';
    assert.equal(clientKey('2001:db8:5:6::17', classroom), '2001:db8:5:6:0:0:0:17');
    assert.equal(clientKey('2001:db8:5:7::17', classroom), '2001:db8:5:7::/64');
  });
});

for (const store of testStores()) {
  describe(`hostile HTTP (${store.name})`, () => {
    let server: TestServer;
    let owner: Client;
    before(async () => {
      server = await startTestServer({}, store);
      owner = await new Client(server.url).login();
    });
    after(() => server?.close());

    const createSession = async (body: unknown = {}): Promise<Session> => {
      const response = await owner.send('POST', '/api/p2p/receive/create', body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const guestAddresses = async (session: Session) =>
      (await owner.request('GET', `/api/p2p/receive/${session.token}/state`)).body.guests.map(
        (g: { clientAddress: string }) => g.clientAddress,
      );

    describe('client addresses', () => {
      test("a forwarded value that is no address is neither a key nor a 500: the connection's address counts", async () => {
        const session = await createSession();
        for (const forwarded of ['x'.repeat(100), 'not-an-address', '999.1.1.1']) {
          const guest = new Client(server.url, forwarded);
          const response = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
            pin: session.pin,
          });
          assert.equal(response.status, 200, `${forwarded}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.valid, true);
        }
        assert.deepEqual(await guestAddresses(session), ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
      });

      test('forwarded values that are no address do not escape a rate limit by changing on every request', async () => {
        const statuses: number[] = [];
        for (let i = 1; i <= 11; i++) {
          const response = await new Client(server.url, `garbage-${i}`).request('POST', '/api/auth/login', {
            username: 'nobody',
            password: 'wrong',
          });
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [...new Array(10).fill(401), 429]);
      });

      test('an IPv6 client is one /64: another address in it is locked out with it, the next /64 is not', async () => {
        const session = await createSession();
        for (let i = 1; i <= 3; i++) {
          const response = await new Client(server.url, `2001:db8:1:2::${i}`).request(
            'POST',
            `/api/p2p/receive/${session.token}/verify-pin`,
            { pin: wrongPin(session.pin) },
          );
          assert.equal(response.status, 200, JSON.stringify(response.body));
        }
        const sameDevice = await new Client(server.url, '2001:db8:1:2:ffff:1234:5678:9abc').request(
          'POST',
          `/api/p2p/receive/${session.token}/verify-pin`,
          { pin: session.pin },
        );
        assert.equal(sameDevice.status, 423);
        assert.equal(sameDevice.body.code, 'PIN_LOCKED');
        const nextNetwork = await new Client(server.url, '2001:db8:1:3::1').request(
          'POST',
          `/api/p2p/receive/${session.token}/verify-pin`,
          { pin: session.pin },
        );
        assert.equal(nextNetwork.body.valid, true);
        assert.deepEqual(await guestAddresses(session), ['2001:db8:1:3::/64']);
      });

      test("on a LAN's private IPv6 range, one guest's wrong PINs do not lock out the device beside it", async () => {
        const session = await createSession();
        const verify = (address: string, pin: string) =>
          new Client(server.url, address).request('POST', `/api/p2p/receive/${session.token}/verify-pin`, { pin });
        for (let i = 0; i < 3; i++) await verify('fd00:1:2:3::a', wrongPin(session.pin));
        assert.equal((await verify('fd00:1:2:3::a', session.pin)).status, 423);
        const neighbour = await verify('fd00:1:2:3::b', session.pin);
        assert.equal(neighbour.body.valid, true, JSON.stringify(neighbour.body));
        assert.deepEqual(await guestAddresses(session), ['fd00:1:2:3:0:0:0:b']);
      });

      test('an IPv4-mapped IPv6 address is the same client as the IPv4 address', async () => {
        const session = await createSession();
        for (let i = 0; i < 3; i++) {
          await new Client(server.url, '::ffff:198.51.100.201').request(
            'POST',
            `/api/p2p/receive/${session.token}/verify-pin`,
            { pin: wrongPin(session.pin) },
          );
        }
        const plain = await new Client(server.url, '198.51.100.201').request(
          'GET',
          `/api/p2p/receive/${session.token}`,
        );
        assert.equal(plain.body.isLocked, true);
      });

      test('rate limits count one /64 as one client', async () => {
        const statuses: number[] = [];
        for (let i = 1; i <= 11; i++) {
          const response = await new Client(server.url, `2001:db8:77:1::${i.toString(16)}`).request(
            'POST',
            '/api/auth/login',
            { username: 'nobody', password: 'wrong' },
          );
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [...new Array(10).fill(401), 429]);
        const otherNetwork = await new Client(server.url, '2001:db8:77:2::1').request('POST', '/api/auth/login', {
          username: 'nobody',
          password: 'wrong',
        });
        assert.equal(otherNetwork.status, 401);
      });
    });

    describe('redirect after login', () => {
      const offSite = [
        '/%09/evil.example',
        '/%0a/evil.example',
        '/%5Cevil.example',
        '/.//evil.example',
        '//evil.example',
        'https://evil.example/',
        '/\\/evil.example',
        '%0a',
        'javascript:alert(1)',
      ];

      test('a logged-in visitor is sent only to paths of this site, never a 500', async () => {
        for (const next of offSite) {
          const response = await owner.request('GET', `/login?next=${next}`);
          assert.equal(response.status, 303, `${next}: ${response.status}`);
          const target = new URL(response.headers.get('location')!, server.url);
          assert.equal(target.origin, server.url, `${next} → ${response.headers.get('location')}`);
          assert.equal(target.pathname, '/p2p/receive', next);
        }
        // A line break is dropped as a browser drops it: what is left is a path here, and no header is injected.
        const split = await owner.request('GET', '/login?next=/%0d%0aSet-Cookie:x=1');
        assert.equal(split.status, 303);
        assert.equal(split.headers.get('location'), '/Set-Cookie:x=1');
        assert.equal(split.headers.get('set-cookie'), null);
        const kept = await owner.request('GET', `/login?next=${encodeURIComponent('/p2p?x=1#top')}`);
        assert.equal(kept.headers.get('location'), '/p2p?x=1#top');
      });

      test('the login page hands its script only a path of this site', async () => {
        for (const next of offSite) {
          const response = await new Client(server.url).request('GET', `/login?next=${next}`);
          assert.equal(response.status, 200, next);
          assert.doesNotMatch(String(response.body), /evil\.example|javascript:/, next);
        }
      });
    });

    describe('labels and user names', () => {
      test('a label loses direction overrides, invisible and control characters, where stored and shown', async () => {
        const session = await createSession({ label: 'Home\u202ework\u200b\u0007 week\u00a0\u00a03\u2066' });
        const shown = await new Client(server.url).request('GET', `/api/p2p/receive/${session.token}`);
        assert.equal(shown.body.label, 'Homework week 3');
        const page = await new Client(server.url).request('GET', `/p2p/receive/${session.shortcode}`);
        assert.doesNotMatch(String(page.body), /[\u202e\u200b\u2066]/);
        const empty = await createSession({ label: '\u200b\u202e ' });
        assert.equal((await new Client(server.url).request('GET', `/api/p2p/receive/${empty.token}`)).body.label, null);
      });

      test('a user name is stored and shown without them; one made only of them is refused', async () => {
        const created = await owner.send('POST', '/api/users', {
          username: 'mallory\u202etxt.exe\u200b',
          password: 'mallory-password',
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        assert.equal(created.body.username, 'mallorytxt.exe');
        const mallory = await new Client(server.url).login('mallorytxt.exe', 'mallory-password');
        const session = (await mallory.send('POST', '/api/p2p/receive/create', {})).body as Session;
        assert.equal(
          (await new Client(server.url).request('GET', `/api/p2p/receive/${session.token}`)).body.receiverName,
          'mallorytxt.exe',
        );
        const invisible = await owner.send('POST', '/api/users', {
          username: '\u200b\u202e\u2060',
          password: 'invisible-password',
        });
        assert.equal(invisible.status, 400);
        assert.equal(typeof invisible.body.error, 'string');
        assert.equal(typeof invisible.body.code, 'string');
      });
    });

    describe('malformed, oversized and wrong-type input', () => {
      const longToken = 'A'.repeat(64);
      const isErrorShape = (body: any) => typeof body?.error === 'string' && typeof body?.code === 'string';

      test('every public endpoint answers 400 {error, code}, never 500', async () => {
        const session = await createSession();
        const t = session.token;
        const cases: Array<[string, string, unknown]> = [
          ['POST', '/api/auth/login', { username: 'a'.repeat(65), password: 'x' }],
          ['POST', '/api/auth/login', { username: ['admin'], password: 'x' }],
          ['POST', '/api/auth/login', { username: 'admin', password: { $gt: '' } }],
          ['POST', '/api/auth/login', { username: 'admin', password: 'x'.repeat(1025) }],
          ['POST', '/api/auth/login', { username: 'admin' }],
          ['POST', '/api/auth/login', '[1,2]'],
          ['POST', '/api/auth/login', 'null'],
          ['POST', '/api/auth/login', '"admin"'],
          ['POST', '/api/auth/login', '{"username":"admin","password":"x"'],
          ['POST', '/api/setup', { setupCode: 5, username: 'x', password: 'y'.repeat(8) }],
          ['POST', `/api/p2p/receive/${t}/verify-pin`, { pin: 12 }],
          ['POST', `/api/p2p/receive/${t}/verify-pin`, { pin: '1'.repeat(9) }],
          ['POST', `/api/p2p/receive/${t}/verify-pin`, { pin: 'ab' }],
          ['POST', `/api/p2p/receive/${t}/verify-pin`, 'null'],
          ['POST', `/api/p2p/receive/${t}/verify-pin`, {}],
          ['POST', `/api/p2p/receive/${t}/connect`, { peerjs_id: 'x'.repeat(65), ticket: 'y'.repeat(64) }],
          ['POST', `/api/p2p/receive/${t}/connect`, { peerjs_id: 'a b', ticket: 'y'.repeat(64) }],
          ['POST', `/api/p2p/receive/${t}/connect`, { peerjs_id: 'abc', ticket: 7 }],
          ['POST', `/api/p2p/receive/${t}/complete`, { ticket: 'y'.repeat(64), files: 'all' }],
          ['POST', `/api/p2p/receive/${t}/complete`, { ticket: 'y'.repeat(64), files: [{ name: '', size: 1 }] }],
          ['POST', `/api/p2p/receive/${t}/complete`, { ticket: 'y'.repeat(64), files: [{ name: 'a', size: -1 }] }],
          ['POST', `/api/p2p/receive/${t}/complete`, { ticket: 'y'.repeat(64), files: [{ name: 'a', size: 1e300 }] }],
          [
            'POST',
            `/api/p2p/receive/${t}/complete`,
            { ticket: 'y'.repeat(64), files: [{ name: 'a', size: 1, sha256: 'zz' }] },
          ],
          [
            'POST',
            `/api/p2p/receive/${t}/complete`,
            { ticket: 'y'.repeat(64), files: [{ name: 'n'.repeat(4097), size: 1 }] },
          ],
          ['GET', `/api/p2p/receive/${'A'.repeat(129)}`, undefined],
          ['GET', `/api/p2p/receive/%E0%A4%A`, undefined],
          // A NUL byte cannot be stored in PostgreSQL text: it must be refused before it reaches the database.
          ['GET', '/api/p2p/receive/%00', undefined],
          ['GET', '/api/p2p/%00', undefined],
          ['POST', '/api/p2p/receive/%00/verify-pin', { pin: '12' }],
          ['POST', '/api/p2p/abc%00def/verify-pin', { pin: '12' }],
          ['GET', '/api/p2p/receive/%00/state', undefined],
          ['GET', '/api/p2p/receive/%00/events', undefined],
          ['POST', '/api/p2p/receive/%00/reset-pin', undefined],
          ['DELETE', '/api/p2p/receive/%00', undefined],
          ['POST', `/api/p2p/${longToken}/verify-pin`, { pin: null }],
          ['POST', '/api/p2p/receive/create', { label: 'x'.repeat(201) }],
          ['POST', '/api/p2p/receive/create', { label: ['a'] }],
          ['POST', '/api/p2p/receive/create', { expiresIn: '1e3' }],
          ['POST', '/api/p2p/create', { files: [{ name: 'a', size: 'big' }] }],
          ['POST', '/api/p2p/create', { files: [] }],
          ['POST', '/api/users', { username: 'has space', password: 'long-enough-1' }],
          ['POST', '/api/users', { username: 'u'.repeat(65), password: 'long-enough-1' }],
          ['POST', '/api/users', { username: 'ok', password: 7 }],
        ];
        const failures: string[] = [];
        for (const [method, url, body] of cases) {
          const response = await owner.send(method, url, body);
          if (response.status !== 400 || !isErrorShape(response.body))
            failures.push(
              `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${response.status} ${JSON.stringify(response.body).slice(0, 120)}`,
            );
        }
        assert.deepEqual(failures, []);
      });

      test('pages given malformed addresses or queries answer a page, never 500', async () => {
        for (const url of [
          '/login?next=%E0%A4%A',
          '/login?next=a&next=b',
          '/p2p/receive/%ff',
          '/p2p/%00',
          `/p2p/receive/${'x'.repeat(5000)}`,
          '/p2p/receive/abc/waiting',
          '/scan?x=%',
        ]) {
          const response = await owner.request('GET', url);
          assert.ok(response.status < 500, `${url} → ${response.status}`);
        }
      });
    });

    describe('secrets in logs', () => {
      test('request logs keep no session token, shortcode or ticket', async () => {
        const lines: string[] = [];
        const stream = new Writable({
          write(chunk, _encoding, done) {
            lines.push(String(chunk));
            done();
          },
        });
        const logged = await startTestServer({}, undefined, { logger: { level: 'info', stream } });
        try {
          const me = await new Client(logged.url).login();
          const session = (await me.send('POST', '/api/p2p/receive/create', {})).body as Session;
          const share = (await me.send('POST', '/api/p2p/create', { files: [{ name: 'a.txt', size: 1 }] }))
            .body as Session;
          const guest = new Client(logged.url);
          const verified = await guest.request('POST', `/api/p2p/receive/${session.token}/verify-pin`, {
            pin: session.pin,
          });
          await guest.request('GET', `/p2p/receive/${session.shortcode}`);
          await guest.request('GET', `/p2p/${share.shortcode}`);
          await guest.request('GET', `/api/p2p/${share.token}`);
          await guest.request('GET', `/api/p2p/receive/${session.token}/events?ticket=${verified.body.ticket}`);
          await new Client(logged.url).request(
            'GET',
            `/login?next=${encodeURIComponent(`/p2p/receive/${session.token}/waiting`)}`,
          );
          await me.request('GET', `/p2p/receive/${session.token}/waiting`);
          const log = lines.join('');
          assert.match(log, /"url":"\/p2p\/receive\/\[redacted\]\/waiting"/);
          for (const secret of [
            session.token,
            session.shortcode,
            share.token,
            share.shortcode,
            verified.body.ticket,
            ADMIN.password,
          ]) {
            assert.ok(!log.includes(secret), `the log contains ${secret}`);
          }
        } finally {
          await logged.close();
        }
      });
    });
  });
}

describe('secrets at rest', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'phuppi-perms-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the SQLite folder is 0700 and the database with its WAL files 0600', async () => {
    const dataDir = path.join(root, 'sqlite-data');
    const server = await startTestServer({ PHUPPI_DATA_DIR: dataDir });
    try {
      await new Client(server.url).login();
      assert.equal(mode(dataDir), 0o700);
      for (const name of ['phuppi.db', 'phuppi.db-wal', 'phuppi.db-shm']) {
        const file = path.join(dataDir, name);
        if (name === 'phuppi.db' || existsSync(file)) assert.equal(mode(file), 0o600, name);
      }
    } finally {
      await server.close();
    }
  });

  test('a folder and database left open to others are made private again at start', async () => {
    const dataDir = path.join(root, 'loose-data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'phuppi.db'), '', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'phuppi.db'), 0o644);
    const server = await startTestServer({ PHUPPI_DATA_DIR: dataDir });
    try {
      assert.equal(mode(dataDir), 0o700);
      assert.equal(mode(path.join(dataDir, 'phuppi.db')), 0o600);
    } finally {
      await server.close();
    }
  });

  test('the self-signed TLS key is 0600 in a 0700 folder, also when an older one was left readable', async () => {
    const fresh = path.join(root, 'tls-fresh');
    const generated = await startTestServer({ PHUPPI_DATA_DIR: fresh, PHUPPI_HTTPS: 'self-signed' });
    await generated.close();
    assert.equal(mode(path.join(fresh, 'tls', 'self-signed.key')), 0o600);
    assert.equal(mode(path.join(fresh, 'tls')), 0o700);

    const loose = path.join(root, 'tls-loose');
    const tlsDir = path.join(loose, 'tls');
    mkdirSync(tlsDir, { recursive: true, mode: 0o755 });
    chmodSync(tlsDir, 0o755);
    const pems = selfsigned.generate([{ name: 'commonName', value: 'old' }], {
      keySize: 2048,
      days: 30,
      algorithm: 'sha256',
    });
    writeFileSync(path.join(tlsDir, 'self-signed.key'), pems.private, { mode: 0o644 });
    chmodSync(path.join(tlsDir, 'self-signed.key'), 0o644);
    writeFileSync(path.join(tlsDir, 'self-signed.crt'), pems.cert);
    const reused = await startTestServer({ PHUPPI_DATA_DIR: loose, PHUPPI_HTTPS: 'self-signed' });
    await reused.close();
    assert.equal(mode(path.join(tlsDir, 'self-signed.key')), 0o600);
    assert.equal(mode(tlsDir), 0o700);
  });
});

describe('redirect after login in Chromium', { skip: browserSkipReason() }, () => {
  const app = useServerAndBrowser();

  for (const next of ['/%09/evil.example', '/%5C/evil.example', '/.//evil.example/']) {
    test(`next=${next} ends on this site's default page`, async () => {
      const { server, browser } = app;
      const context = await browser.newContext();
      // Nothing leaves this machine: any other host is answered here, so an escape shows as that host's URL.
      await context.route(
        (url) => url.origin !== server.url,
        (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>' }),
      );
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=${next}`);
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.pathname !== '/login' || url.origin !== server.url);
      await page.waitForLoadState();
      assert.equal(new URL(page.url()).origin, server.url, page.url());
      assert.equal(new URL(page.url()).pathname, '/p2p/receive');
      await context.close();
    });
  }
});
