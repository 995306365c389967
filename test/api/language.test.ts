/**
 * The guest's language on the real app: guest pages (and their "link cannot be used" pages) come in the
 * language the browser asks for, the picker's `?lang=` choice is remembered in a cookie (SameSite=Lax, a year,
 * nothing else in it) and wins over Accept-Language, and the redirect back never leaves this site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

for (const store of testStores()) {
  describe(`the guest's language (${store.name})`, () => {
    let server: TestServer;
    let shortcode: string;
    before(async () => {
      server = await startTestServer({}, store);
      const owner = await new Client(server.url).login();
      const created = await owner.send('POST', '/api/p2p/receive/create', { label: 'Hausaufgaben' });
      assert.equal(created.status, 201);
      shortcode = created.body.shortcode;
    });
    after(() => server.close());

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
    const htmlTag = (body: string) => body.match(/<html [^>]*>/)?.[0];

    test('Accept-Language picks the page language, with lang and dir on <html>', async () => {
      const german = await get(`/p2p/receive/${shortcode}`, { 'accept-language': 'fr;q=0.9, de-AT;q=0.8, en;q=0.5' });
      assert.equal(german.status, 200);
      const body = await german.text();
      assert.equal(htmlTag(body), '<html lang="de" dir="ltr">');
      assert.match(body, /PIN eingeben/);
      assert.match(body, /<option value="de" lang="de" dir="ltr" selected>Deutsch<\/option>/);

      const arabic = await (await get(`/p2p/receive/${shortcode}`, { 'accept-language': 'ar-EG' })).text();
      assert.equal(htmlTag(arabic), '<html lang="ar" dir="rtl">');
      assert.match(arabic, /أدخل الرمز/);

      const none = await (await get(`/p2p/receive/${shortcode}`, { 'accept-language': 'fr, it' })).text();
      assert.equal(htmlTag(none), '<html lang="en" dir="ltr">');
      assert.match(none, /Enter the PIN/);
    });

    test('the pages of a link that cannot be used speak the language too', async () => {
      const missing = await get('/p2p/receive/nonexistent00', { 'accept-language': 'es' });
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /Este enlace no existe/);
      const share = await get('/p2p/nonexistent00', { 'accept-language': 'de' });
      assert.equal(share.status, 404);
      assert.match(await share.text(), /Diesen Link gibt es nicht/);
      const scan = await get('/scan', { 'accept-language': 'ar' });
      assert.match(await scan.text(), /مسح رمز QR/);
    });

    test('?lang= sets the cookie, comes back without it, and the cookie wins over Accept-Language', async () => {
      const chosen = await get(`/p2p/receive/${shortcode}?lang=es`, { 'accept-language': 'de' });
      assert.equal(chosen.status, 303);
      assert.equal(chosen.headers.get('location'), `/p2p/receive/${shortcode}`);
      const cookie = chosen.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^phuppi_lang=es; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);

      const page = await (
        await get(`/p2p/receive/${shortcode}`, { 'accept-language': 'de', cookie: 'phuppi_lang=es' })
      ).text();
      assert.equal(htmlTag(page), '<html lang="es" dir="ltr">');
      assert.match(page, /Introduce el PIN/);
    });

    test('an unknown ?lang= is dropped without a cookie; the way back stays on this site', async () => {
      const unknown = await get(`/p2p/receive/${shortcode}?lang=xx&keep=1`);
      assert.equal(unknown.status, 303);
      assert.equal(unknown.headers.get('set-cookie'), null);
      assert.equal(unknown.headers.get('location'), `/p2p/receive/${shortcode}?keep=1`);
      const away = await get('//evil.example/p2p?lang=de');
      assert.equal(away.status, 303);
      assert.equal(away.headers.get('location'), '/evil.example/p2p');
      const backslash = await get('/%5C/evil.example/?lang=de');
      assert.match(backslash.headers.get('location') ?? '', /^\/[^/\\]/);
    });

    test('API routes ignore ?lang= and owner pages stay English', async () => {
      const api = await get(`/api/p2p/receive/${shortcode}?lang=de`);
      assert.notEqual(api.status, 303);
      const login = await (await get('/login', { 'accept-language': 'de' })).text();
      assert.equal(htmlTag(login), '<html lang="en" dir="ltr">');
      assert.doesNotMatch(login, /language-switch/);
    });
  });
}
