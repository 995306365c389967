import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { readDotenv: false });

describe('configuration (README.md, "Configuration")', () => {
  test('defaults', () => {
    const config = load({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.databaseUrl, null);
    assert.equal(config.receiveTtlSeconds, 86400);
    assert.equal(config.stunPort, 3478);
    assert.equal(config.iceServers, null);
    assert.equal(config.trustProxy, false);
    assert.equal(config.tls, null);
    assert.equal(config.iceTransportPolicy, 'all');
  });

  test('reads every variable', () => {
    const config = load({
      PORT: '9000',
      HOST: '127.0.0.1',
      PHUPPI_DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u:p@db/phuppi',
      PHUPPI_ADMIN_USERNAME: 'root',
      PHUPPI_ADMIN_PASSWORD: 'long-enough',
      PHUPPI_BASE_URL: 'https://files.example.org/',
      PHUPPI_P2P_RECEIVE_TTL: '600',
      PHUPPI_ICE_SERVERS: '[{"urls":"turn:t.example:3478","username":"u","credential":"c"}]',
      PHUPPI_STUN_PORT: '0',
      PHUPPI_TRUST_PROXY: '127.0.0.1',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, '/tmp/x');
    assert.equal(config.databaseUrl, 'postgres://u:p@db/phuppi');
    assert.equal(config.adminUsername, 'root');
    assert.equal(config.baseUrl, 'https://files.example.org');
    assert.equal(config.receiveTtlSeconds, 600);
    assert.deepEqual(config.iceServers, [{ urls: 'turn:t.example:3478', username: 'u', credential: 'c' }]);
    assert.equal(config.stunPort, 0);
    assert.equal(config.trustProxy, '127.0.0.1');
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['PORT=abc', { PORT: 'abc' }, /PORT must be a whole number/],
    ['PORT out of range', { PORT: '70000' }, /PORT must be between/],
    ['TTL below 300', { PHUPPI_P2P_RECEIVE_TTL: '10' }, /PHUPPI_P2P_RECEIVE_TTL/],
    ['ICE not JSON', { PHUPPI_ICE_SERVERS: 'stun:x' }, /JSON array/],
    ['ICE without urls', { PHUPPI_ICE_SERVERS: '[{"username":"x"}]' }, /urls/],
    ['DATABASE_URL not postgres', { DATABASE_URL: 'mysql://x' }, /postgres/],
    ['admin name without password', { PHUPPI_ADMIN_USERNAME: 'a' }, /set together/],
    ['short admin password', { PHUPPI_ADMIN_USERNAME: 'a', PHUPPI_ADMIN_PASSWORD: 'short' }, /at least 8/],
    ['base URL not absolute', { PHUPPI_BASE_URL: 'files.local' }, /absolute/],
    ['unknown HTTPS mode', { PHUPPI_HTTPS: 'maybe' }, /PHUPPI_HTTPS/],
    [
      'unknown ICE policy',
      { PHUPPI_ICE_TRANSPORT_POLICY: 'none' },
      /PHUPPI_ICE_TRANSPORT_POLICY must be "all" or "relay"/,
    ],
    ['relay-only without TURN', { PHUPPI_ICE_TRANSPORT_POLICY: 'relay' }, /relay needs a TURN server/],
    [
      'relay-only with only STUN',
      { PHUPPI_ICE_TRANSPORT_POLICY: 'relay', PHUPPI_ICE_SERVERS: '[{"urls":"stun:s.example:3478"}]' },
      /relay needs a TURN server/,
    ],
    [
      'relay-only with a TURN entry without a username',
      { PHUPPI_ICE_TRANSPORT_POLICY: 'relay', PHUPPI_ICE_SERVERS: '[{"urls":"turn:t.example:3478"}]' },
      /relay needs a TURN server/,
    ],
  ];
  test('relay-only ICE policy: with TURN REST credentials or a configured TURN entry', () => {
    const turn = { PHUPPI_TURN_URLS: 'turn:t.example:3478', PHUPPI_TURN_SECRET: 's'.repeat(16) };
    assert.equal(load({ ...turn, PHUPPI_ICE_TRANSPORT_POLICY: 'relay' }).iceTransportPolicy, 'relay');
    assert.equal(load({ ...turn, PHUPPI_ICE_TRANSPORT_POLICY: 'all' }).iceTransportPolicy, 'all');
    const staticTurn = '[{"urls":["stun:s.example","turns:t.example:5349"],"username":"u","credential":"c"}]';
    assert.equal(
      load({ PHUPPI_ICE_SERVERS: staticTurn, PHUPPI_ICE_TRANSPORT_POLICY: 'relay' }).iceTransportPolicy,
      'relay',
    );
  });

  for (const [name, env, message] of bad) {
    test(`rejects ${name} with a clear message`, () => {
      assert.throws(
        () => load(env),
        (error: unknown) =>
          error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }
});
