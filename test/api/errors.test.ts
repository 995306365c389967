import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('client mistakes get {error, code} answers (docs/api.md, "Errors"), never a 500 or a stack trace', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const isErrorShape = (body: any) =>
    typeof body?.error === 'string' && typeof body?.code === 'string' && !/at .*\.ts:\d+/.test(JSON.stringify(body));

  test('unknown routes answer 404 JSON', async () => {
    const client = new Client(server.url);
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/p2p/receive/zzz/unknown'],
      ['DELETE', '/nothing'],
    ] as const) {
      const response = await client.request(method, path);
      assert.equal(response.status, 404);
      assert.ok(isErrorShape(response.body));
      assert.equal(response.body.code, 'NOT_FOUND');
    }
  });

  test('oversized bodies answer 413', async () => {
    const client = new Client(server.url);
    const response = await client.request(
      'POST',
      '/api/auth/login',
      JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024 + 10) }),
    );
    assert.equal(response.status, 413);
    assert.ok(isErrorShape(response.body));
  });

  test('wrong content type and empty JSON bodies answer 4xx in the error shape', async () => {
    const client = new Client(server.url);
    const text = await client.request('POST', '/api/auth/login', 'username=a', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    assert.ok(isErrorShape(text.body));
    const empty = await client.request('POST', '/api/auth/login', '', { 'content-type': 'application/json' });
    assert.equal(empty.status, 400);
    assert.ok(isErrorShape(empty.body));
  });

  test('malformed URL encoding answers 400', async () => {
    const response = await new Client(server.url).request('GET', '/api/%E0%A4%A');
    assert.ok(response.status === 400 || response.status === 404, String(response.status));
    assert.ok(isErrorShape(response.body));
  });

  test('pages: / sends visitors to /login, the login page has its labelled fields', async () => {
    const client = new Client(server.url);
    const root = await client.request('GET', '/');
    assert.equal(root.status, 303);
    assert.equal(root.headers.get('location'), '/login');
    const login = await client.request('GET', '/login');
    assert.equal(login.status, 200);
    assert.match(login.body, /<label class="field">Username/);
    assert.match(login.body, /<label class="field">Password/);
    assert.match(login.body, />Log in<\/button>/);
    assert.match(login.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.doesNotMatch(
      login.headers.get('content-security-policy') ?? '',
      /upgrade-insecure-requests/,
      'plain-http LAN must keep working',
    );
  });

  test('login page never redirects off-site after login', async () => {
    const client = await new Client(server.url).login();
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const response = await client.request('GET', `/login?next=${encodeURIComponent(next)}`);
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), '/p2p/receive');
    }
  });

  test('built assets are served with long-lived cache headers; the manifest is not', async () => {
    const client = new Client(server.url);
    const login = await client.request('GET', '/login');
    const css = /href="(\/assets\/app-[^"]+\.css)"/.exec(login.body)?.[1];
    assert.ok(css);
    const asset = await fetch(server.url + css);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    assert.equal((await fetch(`${server.url}/assets/manifest.json`)).status, 404);
  });
});
