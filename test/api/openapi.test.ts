import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { OPENAPI_PATH, registerOpenApi } from '../../src/server/http/openapi.ts';
import { generateOpenApiDocument, withErrorCodesTable } from '../../src/server/openapi-document.ts';
import { ERROR_CODE_LIST } from '../../src/shared/api/error-codes.ts';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const CHECKED_IN = new URL('../../docs/openapi.json', import.meta.url);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

describe('the OpenAPI document', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('docs/openapi.json is what the route schemas generate (run `npm run docs:api` after changing a route)', async () => {
    const checkedIn = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    assert.deepEqual(await generateOpenApiDocument(), checkedIn);
  });

  test(`${OPENAPI_PATH} serves it to anyone, with the usual security headers`, async () => {
    const response = await new Client(server.url).request('GET', OPENAPI_PATH);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(response.body, JSON.parse(readFileSync(CHECKED_IN, 'utf8')));
  });

  test('every operation has a summary, a tag, its access and the {error, code} answer; nothing but /api is listed', () => {
    const document = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    const paths = Object.keys(document.paths);
    assert.ok(paths.length >= 30, `only ${paths.length} paths`);
    for (const path of paths) {
      assert.match(path, /^\/api\//);
      for (const [method, operation] of Object.entries<any>(document.paths[path])) {
        if (!HTTP_METHODS.has(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(operation.summary, `${where}: no summary`);
        assert.ok(operation.tags?.length, `${where}: no tag`);
        assert.ok(Array.isArray(operation.security), `${where}: does not say who may call it`);
        if (path === OPENAPI_PATH) continue;
        const errors = Object.entries<any>(operation.responses).filter(([status]) => Number(status) >= 400);
        assert.ok(errors.length > 0, `${where}: no error answer`);
        for (const [, answer] of errors)
          assert.equal(answer.content['application/json'].schema.$ref, '#/components/schemas/Error', where);
      }
    }
    for (const hidden of ['/peerjs', '/healthz', '/metrics', '/login', '/p2p/receive/{shortcode}'])
      assert.equal(document.paths[hidden], undefined, hidden);
    // The PIN → ticket → connect chain of a receive session is all there.
    for (const step of ['create', '{token}/verify-pin', '{token}/signaling', '{token}/connect', '{token}/complete'])
      assert.ok(document.paths[`/api/p2p/receive/${step}`], step);
  });

  test('the error schema lists exactly the codes of src/shared/api/error-codes.ts', () => {
    const document = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    const error = document.components.schemas.Error;
    assert.deepEqual(error.required, ['error', 'code']);
    assert.deepEqual(error.properties.code.enum, ERROR_CODE_LIST);
    for (const code of ERROR_CODE_LIST) assert.ok(error.description.includes(`\`${code}\``), code);
  });

  test('docs/api.md lists the same error codes (run `npm run docs:api` after changing error-codes.ts)', () => {
    const prose = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    assert.equal(prose, withErrorCodesTable(prose));
  });

  test('an /api route without a summary, tags or response schemas stops the document from being generated', async () => {
    const app = Fastify();
    await registerOpenApi(app);
    app.get('/api/undocumented', async () => ({ ok: true }));
    app.get('/a-page', async () => 'not part of the API');
    await app.ready();
    assert.throws(
      () => app.swagger(),
      /\/api\/undocumented: an \/api route needs tags, a summary and response schemas/,
    );
    await app.close();
  });
});
