import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '../helpers/http.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';
import { closing, ownerSocket } from '../helpers/signaling-socket.ts';
import { testStores } from '../helpers/stores.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run admin -- …args` as the operator types it, from the install directory, with `input` piped in. */
function runAdmin(
  database: { dataDir: string; databaseUrl: string | null },
  args: string[],
  input = '',
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'admin', '--', ...args], {
      cwd: ROOT,
      // Every setting the tool reads is given, so a .env in the install directory cannot change the database.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PHUPPI_DATA_DIR: database.dataDir,
        DATABASE_URL: database.databaseUrl ?? '',
        PHUPPI_ADMIN_USERNAME: '',
        PHUPPI_ADMIN_PASSWORD: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

for (const store of testStores()) {
  describe(`operator command line: npm run admin (${store.name})`, () => {
    let server: TestServer;
    let cli: (args: string[], input?: string) => Promise<CliResult>;
    before(async () => {
      const created = await store.create();
      // The server and the tool share one database, as on a real install.
      server = await startTestServer(created.databaseUrl ? { DATABASE_URL: created.databaseUrl } : {});
      const close = server.close.bind(server);
      server.close = async () => {
        await close();
        await created.drop();
      };
      cli = (args, input) => runAdmin({ dataDir: server.dataDir, databaseUrl: created.databaseUrl }, args, input);
    });
    after(() => server.close());

    const login = (username: string, password: string) =>
      new Client(server.url).request('POST', '/api/auth/login', { username, password });

    test('users lists everyone; create adds a user (password piped in) who logs in to the running server', async () => {
      const listed = await cli(['users']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, new RegExp(`^${ADMIN.username}\\s+admin\\s+active`, 'm'));

      const created = await cli(['create', 'teacher'], 'piped-password-1\n');
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /Created user "teacher"/);
      assert.doesNotMatch(created.stdout, /piped-password-1/, 'a given password is never echoed');
      assert.equal((await login('teacher', 'piped-password-1')).status, 200);

      const taken = await cli(['create', 'teacher'], 'another-password\n');
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, /taken/);

      const boss = await cli(['create', 'boss\u202e', '--admin']);
      assert.equal(boss.code, 0, boss.stderr);
      const generated = /Password: (\S+)/.exec(boss.stdout)?.[1];
      assert.ok(generated && generated.length >= 16, boss.stdout);
      const bossLogin = await login('boss', generated);
      assert.equal(bossLogin.status, 200, 'the name went through the same cleaning as the API');
      const me = await new Client(server.url).login('boss', generated);
      assert.equal((await me.request('GET', '/api/auth/me')).body.isAdmin, true);
    });

    test("reset-password prints a generated password and ends the user's sessions; a short one is refused", async () => {
      const teacher = await new Client(server.url).login('teacher', 'piped-password-1');
      const reset = await cli(['reset-password', 'teacher']);
      assert.equal(reset.code, 0, reset.stderr);
      const password = /Password: (\S+)/.exec(reset.stdout)?.[1];
      assert.ok(password, reset.stdout);
      assert.equal((await teacher.request('GET', '/api/auth/me')).status, 401, 'logged out');
      assert.equal((await login('teacher', 'piped-password-1')).status, 401);
      assert.equal((await login('teacher', password)).status, 200);

      const piped = await cli(['reset-password', 'teacher'], 'from-stdin-pass\n');
      assert.equal(piped.code, 0, piped.stderr);
      assert.doesNotMatch(piped.stdout, /Password:/);
      assert.equal((await login('teacher', 'from-stdin-pass')).status, 200);

      const short = await cli(['reset-password', 'teacher'], 'short\n');
      assert.equal(short.code, 1);
      assert.match(short.stderr, /at least 8 characters/);
      assert.equal((await login('teacher', 'from-stdin-pass')).status, 200, 'nothing changed');

      const unknown = await cli(['reset-password', 'nobody']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no user named "nobody"/);
    });

    test("disable ends the user's sessions and guest links; enable lets them back in; the last admin stays", async () => {
      const teacher = await new Client(server.url).login('teacher', 'from-stdin-pass');
      const receive = (await teacher.send('POST', '/api/p2p/receive/create', {})).body;
      const guest = new Client(server.url);
      assert.equal((await guest.request('GET', `/api/p2p/receive/${receive.token}`)).status, 200);

      const disabled = await cli(['disable', 'teacher']);
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.equal((await teacher.request('GET', '/api/auth/me')).status, 401);
      assert.equal((await login('teacher', 'from-stdin-pass')).body.code, 'ACCOUNT_DISABLED');
      assert.equal((await guest.request('GET', `/api/p2p/receive/${receive.token}`)).status, 410);
      assert.match((await cli(['users'])).stdout, /^teacher\s+user\s+disabled/m);

      const enabled = await cli(['enable', 'teacher']);
      assert.equal(enabled.code, 0, enabled.stderr);
      assert.equal((await login('teacher', 'from-stdin-pass')).status, 200);

      assert.equal((await cli(['disable', 'boss'])).code, 0, 'boss is not the last admin');
      const last = await cli(['disable', ADMIN.username]);
      assert.equal(last.code, 1);
      assert.match(last.stderr, /no active administrator/);
      assert.equal((await login(ADMIN.username, ADMIN.password)).status, 200);
    });

    test("disable closes the user's signaling socket at the server's next periodic check", async () => {
      assert.equal((await cli(['create', 'owner-on-call'], 'on-call-password\n')).code, 0);
      const owner = await new Client(server.url).login('owner-on-call', 'on-call-password');
      const socket = await ownerSocket(server, owner);
      const ended = closing(socket);
      assert.equal((await cli(['disable', 'owner-on-call'])).code, 0);
      // The tool runs in another process and tells the server nothing; the server notices the login is gone on
      // its periodic clean-up (every minute), which runs here now.
      await server.running.app.logins.endVanished();
      assert.deepEqual(await ended, { code: 1008, reason: 'login ended' });
    });

    test('a wrong command or option prints the usage and exits 2', async () => {
      for (const args of [['frobnicate'], ['disable'], ['users', 'extra'], ['reset-password', 'teacher', '--admin']]) {
        const result = await cli(args);
        assert.equal(result.code, 2, args.join(' '));
        assert.match(result.stderr, /Usage: npm run admin/, args.join(' '));
      }
      const help = await cli([]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /reset-password NAME/);
    });
  });
}
