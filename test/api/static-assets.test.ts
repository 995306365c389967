/**
 * The bundled assets go out compressed to a browser that accepts it (the build's Brotli and gzip copies), as they
 * are to one that does not, with `Vary: Accept-Encoding` so a cache in between keeps them apart.
 */
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** GET `url` with exactly these headers (fetch would add and undo an encoding of its own). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('static assets', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a page script: Brotli, gzip or as it is, by Accept-Encoding; the same bytes; Vary says so', async () => {
    const html = await (await fetch(`${server.url}/scan`)).text();
    const script = /<script type="module" src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page names its script');
    const plain = await rawGet(server.url + script, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    const br = await rawGet(server.url + script, { 'accept-encoding': 'br, gzip' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(br.body.length < plain.body.length / 2, `${br.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    const gzip = await rawGet(server.url + script, { 'accept-encoding': 'gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gzip.body), plain.body);
    for (const answer of [plain, br, gzip]) assert.match(String(answer.headers.vary), /accept-encoding/i);
  });
});
