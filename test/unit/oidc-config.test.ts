import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OidcStateCookie } from '../../src/server/auth/oidc-state-cookie.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';

const load = (env: Record<string, string>) => loadConfig(env, { readDotenv: false });
const REQUIRED = {
  PHUPPI_OIDC_ISSUER: 'https://login.example.org/realms/school',
  PHUPPI_OIDC_CLIENT_ID: 'phuppi',
  PHUPPI_OIDC_CLIENT_SECRET: 'a-client-secret',
};

describe('OpenID Connect settings', () => {
  test('unset: no sign-in through a provider', () => {
    assert.equal(load({}).oidc, null);
  });

  test('the three required ones, with the defaults of the rest', () => {
    assert.deepEqual(load(REQUIRED).oidc, {
      issuer: 'https://login.example.org/realms/school',
      clientId: 'phuppi',
      clientSecret: 'a-client-secret',
      displayName: 'your organisation',
      scopes: 'openid profile email',
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      adminGroup: null,
      createUsers: false,
    });
  });

  test('every setting', () => {
    const oidc = load({
      ...REQUIRED,
      PHUPPI_OIDC_NAME: 'Springfield School',
      PHUPPI_OIDC_SCOPES: 'openid  email groups',
      PHUPPI_OIDC_USERNAME_CLAIM: 'email',
      PHUPPI_OIDC_GROUPS_CLAIM: 'roles',
      PHUPPI_OIDC_ADMIN_GROUP: 'phuppi-admins',
      PHUPPI_OIDC_CREATE_USERS: 'true',
    }).oidc;
    assert.equal(oidc?.displayName, 'Springfield School');
    assert.equal(oidc?.scopes, 'openid email groups');
    assert.equal(oidc?.usernameClaim, 'email');
    assert.equal(oidc?.groupsClaim, 'roles');
    assert.equal(oidc?.adminGroup, 'phuppi-admins');
    assert.equal(oidc?.createUsers, true);
  });

  test('plain http only for a provider on this machine', () => {
    for (const issuer of ['http://127.0.0.1:8081', 'http://localhost:8081/realms/x', 'http://[::1]:9000'])
      assert.equal(load({ ...REQUIRED, PHUPPI_OIDC_ISSUER: issuer }).oidc?.issuer, issuer);
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['an issuer alone', { PHUPPI_OIDC_ISSUER: REQUIRED.PHUPPI_OIDC_ISSUER }, /must be set together/],
    ['no client secret', { ...REQUIRED, PHUPPI_OIDC_CLIENT_SECRET: '' }, /must be set together/],
    ['an admin group without a provider', { PHUPPI_OIDC_ADMIN_GROUP: 'admins' }, /PHUPPI_OIDC_ADMIN_GROUP needs/],
    ['creation without a provider', { PHUPPI_OIDC_CREATE_USERS: 'true' }, /PHUPPI_OIDC_CREATE_USERS needs/],
    ['an issuer that is no URL', { ...REQUIRED, PHUPPI_OIDC_ISSUER: 'login.example.org' }, /absolute https/],
    [
      'plain http to another machine',
      { ...REQUIRED, PHUPPI_OIDC_ISSUER: 'http://192.168.1.5:8080/realms/x' },
      /https:\/\/ \(http:\/\/ only for a provider on this machine\)/,
    ],
    ['an issuer with a query', { ...REQUIRED, PHUPPI_OIDC_ISSUER: 'https://x.example/?a=1' }, /query/],
    ['scopes without openid', { ...REQUIRED, PHUPPI_OIDC_SCOPES: 'profile email' }, /must include "openid"/],
    ['creation neither true nor false', { ...REQUIRED, PHUPPI_OIDC_CREATE_USERS: 'yes' }, /"true" or "false"/],
    ['a groups claim without an admin group', { ...REQUIRED, PHUPPI_OIDC_GROUPS_CLAIM: 'roles' }, /only read with/],
    ['a long button name', { ...REQUIRED, PHUPPI_OIDC_NAME: 'x'.repeat(61) }, /at most 60/],
  ];
  for (const [name, env, message] of bad) {
    test(`refuses ${name} with a clear message`, () => {
      assert.throws(
        () => load(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }
});

describe('the sealed sign-in attempt cookie', () => {
  const attempt = {
    state: 'state-1',
    nonce: 'nonce-1',
    codeVerifier: 'verifier-1',
    redirectUri: 'https://files.example.org/auth/oidc/callback',
    next: '/p2p',
  };
  const cookie = new OidcStateCookie('the-client-secret');

  test('opens what it sealed, and hides it from the browser', () => {
    const sealed = cookie.seal(attempt);
    assert.deepEqual(cookie.open(sealed), attempt);
    // Another instance of the app (same client secret, nothing shared in memory) finishes the attempt.
    assert.deepEqual(new OidcStateCookie('the-client-secret').open(sealed), attempt);
    assert.doesNotMatch(Buffer.from(sealed, 'base64url').toString('latin1'), /verifier-1|state-1/);
  });

  test('refuses a changed byte, another key, an expired attempt and rubbish', () => {
    const sealed = Buffer.from(cookie.seal(attempt), 'base64url');
    for (const at of [0, 20, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at] = (changed[at] ?? 0) ^ 1;
      assert.equal(cookie.open(changed.toString('base64url')), null, `byte ${at}`);
    }
    assert.equal(new OidcStateCookie('another-secret').open(sealed.toString('base64url')), null);
    const old = cookie.seal(attempt, Date.now() - 601_000);
    assert.equal(cookie.open(old), null);
    for (const rubbish of [undefined, '', 'x', 'not base64 at all!', 'A'.repeat(100)])
      assert.equal(cookie.open(rubbish), null);
  });
});
