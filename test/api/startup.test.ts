import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Migrator } from 'kysely';
import { migrateToLatest, openStore } from '../../src/server/db/index.ts';
import { migrationProvider } from '../../src/server/db/migrations/index.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

const SERVER = path.resolve('dist/server/server.js');
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuppi-start-'));
  tempDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the built server as `npm start` does and resolves with its console output once it listens. */
function startBuilt(env: Record<string, string>): Promise<{ output: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Phuppi P2P is running') && output.match(/\n\s*\n/g)!.length >= 2) {
        clearTimeout(timer);
        resolve({
          output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

describe('npm start', () => {
  test('a bad PORT prints one clear line and exits non-zero', () => {
    const result = spawnSync(process.execPath, [SERVER], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.equal(result.stderr.trim(), 'Configuration error: PORT must be a whole number, got "abc"');
  });

  test('prints the URLs to open, migrates, and stops gracefully on SIGTERM', async () => {
    const dataDir = tempDir();
    const server = await startBuilt({ PHUPPI_DATA_DIR: dataDir, PHUPPI_STUN_PORT: '0' });
    assert.match(server.output, /http:\/\/localhost:\d+/);
    assert.match(
      server.output,
      /Applied migrations: 001_create_users_and_login_sessions, 012_add_p2p_shared_files_table, 013_add_p2p_receive_sessions_table, 014_add_p2p_guests_and_pin_attempts, 015_add_guest_revocation_and_session_limits/,
    );
    assert.match(server.output, /setup code: [A-Z2-9]{12}/, 'no user and none configured: a setup code is printed');
    assert.equal(await server.stop(), 0);
    const again = await startBuilt({ PHUPPI_DATA_DIR: dataDir, PHUPPI_STUN_PORT: '0' });
    assert.doesNotMatch(again.output, /Applied migrations/, 'a second start changes nothing');
    assert.equal(await again.stop(), 0);
  });

  test('HTTPS with a self-signed certificate kept in the data dir', async () => {
    const dataDir = tempDir();
    const server = await startBuilt({ PHUPPI_DATA_DIR: dataDir, PHUPPI_STUN_PORT: '0', PHUPPI_HTTPS: 'self-signed' });
    try {
      const port = /https:\/\/localhost:(\d+)/.exec(server.output)?.[1];
      assert.ok(port, server.output);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        httpsGet(`https://127.0.0.1:${port}/login`, { rejectUnauthorized: false }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject);
      });
      assert.equal(status, 200);
    } finally {
      await server.stop();
    }
  });
});

for (const store of testStores()) {
  describe(`migrations and first run (${store.name})`, () => {
    test('migrations are recorded; running them again applies nothing', async () => {
      const database = await store.create();
      const dataDir = tempDir();
      const first = openStore({ dataDir, databaseUrl: database.databaseUrl });
      try {
        assert.deepEqual(await migrateToLatest(first), [
          '001_create_users_and_login_sessions',
          '012_add_p2p_shared_files_table',
          '013_add_p2p_receive_sessions_table',
          '014_add_p2p_guests_and_pin_attempts',
          '015_add_guest_revocation_and_session_limits',
          '016_add_users_disabled_at',
          '017_backfill_guest_file_count',
          '018_add_app_secrets',
          '019_add_oidc_identities',
        ]);
        assert.deepEqual(await migrateToLatest(first), []);
        const columns = (await first.db.introspection.getTables())
          .find((t) => t.name === 'p2p_receive_sessions')!
          .columns.map((c) => c.name);
        assert.deepEqual(
          columns.sort(),
          [
            'created_at',
            'expires_at',
            'files_metadata',
            'id',
            'is_active',
            'label',
            'max_files',
            'max_total_bytes',
            'peerjs_id',
            'pin',
            'pin_attempts',
            'pin_locked_at',
            'shortcode',
            'token',
            'user_id',
          ].sort(),
        );
      } finally {
        await first.close();
        await database.drop();
      }
    });

    test('guests who reported files before file_count existed get their count (017)', async () => {
      const database = await store.create();
      const opened = openStore({ dataDir: tempDir(), databaseUrl: database.databaseUrl });
      try {
        const migrator = new Migrator({ db: opened.db, provider: migrationProvider(opened.dialect) });
        const { error } = await migrator.migrateTo('016_add_users_disabled_at');
        assert.equal(error, undefined);
        const now = new Date().toISOString();
        const user = await opened.db
          .insertInto('users')
          .values({ username: 'old', password_hash: 'x', is_admin: false, created_at: now, disabled_at: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        const session = await opened.db
          .insertInto('p2p_receive_sessions')
          .values({
            user_id: user.id,
            token: 't'.repeat(43),
            shortcode: 'old-session',
            peerjs_id: null,
            pin: '42',
            pin_locked_at: null,
            files_metadata: null,
            created_at: now,
            expires_at: now,
            label: null,
            max_files: null,
            max_total_bytes: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const guest = (files: string | null, n: number) => ({
          session_kind: 'receive' as const,
          session_id: session.id,
          ticket_hash: String(n).repeat(64),
          client_address: '192.0.2.1',
          peerjs_id: null,
          state: 'done' as const,
          files_metadata: files,
          verified_at: now,
          connected_at: null,
          completed_at: null,
          revoked_at: null,
          revoked_reason: null,
        });
        await opened.db
          .insertInto('p2p_guests')
          .values([
            guest(
              JSON.stringify([
                { name: 'a', size: 1 },
                { name: 'b', size: 2 },
              ]),
              1,
            ),
            guest(null, 2),
            guest('[]', 3),
          ])
          .execute();
        // Later migrations follow it; this one comes first.
        assert.equal((await migrateToLatest(opened))[0], '017_backfill_guest_file_count');
        const counts = await opened.db.selectFrom('p2p_guests').select('file_count').orderBy('id').execute();
        assert.deepEqual(
          counts.map((r) => Number(r.file_count)),
          [2, 0, 0],
        );
      } finally {
        await opened.close();
        await database.drop();
      }
    });

    test('with no user and no admin configured, only the setup code creates the first admin', async () => {
      const server = await startTestServer({ PHUPPI_ADMIN_USERNAME: '', PHUPPI_ADMIN_PASSWORD: '' }, store);
      try {
        const code = server.running.setupCode;
        assert.ok(code);
        const visitor = new Client(server.url);
        assert.equal((await visitor.request('GET', '/')).headers.get('location'), '/setup');
        const wrong = await visitor.request('POST', '/api/setup', {
          setupCode: 'WRONGWRONG22',
          username: 'boss',
          password: 'boss-password',
        });
        assert.equal(wrong.status, 403);
        assert.equal(wrong.body.code, 'BAD_SETUP_CODE');
        const ok = await visitor.request('POST', '/api/setup', {
          setupCode: code.toLowerCase(),
          username: 'boss',
          password: 'boss-password',
        });
        assert.equal(ok.status, 201);
        assert.equal((await visitor.request('GET', '/api/auth/me')).body.isAdmin, true);
        const late = await new Client(server.url).request('POST', '/api/setup', {
          setupCode: code,
          username: 'thief',
          password: 'thief-password',
        });
        assert.equal(late.status, 403);
        assert.equal(late.body.code, 'ALREADY_SET_UP');
        assert.equal((await new Client(server.url).request('GET', '/setup')).status, 303);
      } finally {
        await server.close();
      }
    });
  });
}
