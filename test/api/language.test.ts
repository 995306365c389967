/**
 * The guest's language on the real app: guest pages (and their "link cannot be used" pages) come in the
 * language the browser asks for, the picker's `?lang=` choice is remembered in a cookie (SameSite=Lax, a year,
 * nothing else in it) and wins over Accept-Language, and the redirect back never leaves this site. The owner's
 * pages and the API's error sentences follow the same choice.
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

    test('API routes ignore ?lang=', async () => {
      const api = await get(`/api/p2p/receive/${shortcode}?lang=de`);
      assert.notEqual(api.status, 303);
    });

    test("the owner's pages speak the request's language, with the picker; English reads as it did", async () => {
      const german = await (await get('/login', { 'accept-language': 'de' })).text();
      assert.equal(htmlTag(german), '<html lang="de" dir="ltr">');
      assert.match(german, /<h1>Anmelden<\/h1>/);
      assert.match(german, /id="language-switch"/);
      const setup = await (await get('/login?sso=denied', { cookie: 'phuppi_lang=es' })).text();
      assert.match(setup, /El inicio de sesión se canceló en el servicio de acceso/);
      const english = await (await get('/login?sso=denied')).text();
      assert.equal(htmlTag(english), '<html lang="en" dir="ltr">');
      assert.match(english, /<h1>Log in<\/h1>/);
      assert.match(english, /Sign-in was cancelled at the sign-in service\. Try again when you are ready\./);

      const owner = await new Client(server.url).login();
      owner.headers['accept-language'] = 'ar';
      const created = await owner.send('POST', '/api/p2p/receive/create', {});
      const pages: [string, RegExp][] = [
        ['/p2p/receive', /<h1>استلام الملفات<\/h1>/],
        [`/p2p/receive/${created.body.token}/waiting`, /<h2 id="guests-heading" class="card__title">الضيوف<\/h2>/],
        ['/p2p', /<h1>إرسال الملفات<\/h1>/],
        ['/p2p?share=nonexistent00', /لا توجد مشاركة على هذا العنوان/],
        ['/account', /<h2 id="password-title">تغيير كلمة المرور<\/h2>/],
        ['/admin/users', /<h2 id="add-user-title">إضافة مستخدم<\/h2>/],
      ];
      for (const [path, says] of pages) {
        const answer = await owner.request('GET', path);
        assert.equal(htmlTag(answer.body), '<html lang="ar" dir="rtl">', path);
        assert.match(answer.body, says, path);
        assert.match(answer.body, /<a href="\/account">الحساب<\/a>/, `${path}: the navigation`);
      }
    });

    test("people's names are isolated from a right-to-left page's sentences, and still escaped", async () => {
      // A name that starts in one script and ends in the other reorders in a sentence of the other direction
      // unless it is isolated: dir="auto" on an element of its own, a <bdi> inside a sentence.
      const admin = await new Client(server.url).login();
      admin.headers['accept-language'] = 'ar';
      const sara = { username: 'Sara-سارة', password: 'sara-password' };
      assert.equal((await admin.send('POST', '/api/users', sara)).status, 201);
      const owner = await new Client(server.url).login(sara.username, sara.password);
      owner.headers['accept-language'] = 'ar';
      const session = (await owner.send('POST', '/api/p2p/receive/create', { label: 'report-تقرير <2>' })).body;
      const share = (await owner.send('POST', '/api/p2p/create', { files: [{ name: 'a.txt', size: 1 }] })).body;
      const arabic = { 'accept-language': 'ar' };

      const sendPage = await (await get(`/p2p/receive/${session.shortcode}`, arabic)).text();
      assert.match(sendPage, /<h1 class="guest__title" dir="auto">Sara-سارة<\/h1>/);
      // A <title> holds no markup: Unicode's isolates do what <bdi> does.
      assert.match(sendPage, /<title>[^<]*\u2068Sara-سارة\u2069[^<]*<\/title>/);
      assert.match(sendPage, /<p class="guest__label" dir="auto">report-تقرير &lt;2&gt;<\/p>/);
      assert.match(sendPage, /<p class="field__hint" id="pin-hint">[^<]+<bdi>Sara-سارة<\/bdi>\.<\/p>/);
      const downloadPage = await (await get(`/p2p/${share.shortcode}`, arabic)).text();
      assert.match(downloadPage, /<h1 class="guest__title" dir="auto">Sara-سارة<\/h1>/);
      assert.match(downloadPage, /id="transfer-status"[^>]*>[^<]+<bdi>Sara-سارة<\/bdi>\.<\/p>/);

      const waiting = (await owner.request('GET', `/p2p/receive/${session.token}/waiting`)).body;
      assert.match(waiting, /<h1 id="session-title" dir="auto">report-تقرير &lt;2&gt;<\/h1>/);
      assert.match(waiting, /<span class="app-nav__user" dir="auto">Sara-سارة<\/span>/);
      assert.match((await owner.request('GET', '/account')).body, /<strong dir="auto">Sara-سارة<\/strong>/);
      // The users page's dialogs: the script puts the name into an isolating element, as text.
      assert.match((await admin.request('GET', '/admin/users')).body, /<bdi data-field="username"><\/bdi>/);
    });

    test("the API's error sentences in the request's language; code, status and English unchanged", async () => {
      const wrongLogin = (headers: Record<string, string>) =>
        new Client(server.url).request(
          'POST',
          '/api/auth/login',
          { username: 'admin', password: 'nope-nope' },
          headers,
        );
      const english = await wrongLogin({});
      assert.deepEqual(
        [english.status, english.body],
        [401, { error: 'Wrong username or password.', code: 'BAD_CREDENTIALS' }],
      );
      const german = await wrongLogin({ 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
      assert.deepEqual(
        [german.status, german.body],
        [401, { error: 'Benutzername oder Passwort ist falsch.', code: 'BAD_CREDENTIALS' }],
      );
      assert.equal(german.headers.get('vary'), 'Accept-Language, Cookie', 'a cache keeps each language apart');
      // The cookie of the page's language picker wins, as on the pages.
      const spanish = await wrongLogin({ 'accept-language': 'de', cookie: 'phuppi_lang=es' });
      assert.equal(spanish.body.error, 'Nombre de usuario o contraseña incorrectos.');

      const admin = await new Client(server.url).login();
      admin.headers['accept-language'] = 'de';
      const taken = await admin.send('POST', '/api/users', { username: 'admin', password: 'long-enough-1' });
      assert.deepEqual(
        [taken.status, taken.body],
        [409, { error: 'Der Benutzername „\u2068admin\u2069“ ist schon vergeben.', code: 'USERNAME_TAKEN' }],
      );
      // A name is a value of the sentence, isolated from it: text that looks like the catalogue's own is kept as it is.
      const lookalike = 'x{{username}}$t(view.apiError.internal)';
      admin.headers['accept-language'] = 'ar';
      assert.equal(
        (await admin.send('POST', '/api/users', { username: lookalike, password: 'long-enough-1' })).status,
        201,
      );
      const takenAgain = await admin.send('POST', '/api/users', { username: lookalike, password: 'long-enough-1' });
      assert.equal(takenAgain.body.code, 'USERNAME_TAKEN');
      assert.ok(takenAgain.body.error.includes(`\u2068${lookalike}\u2069`), takenAgain.body.error);
      assert.ok(!takenAgain.body.error.includes('is taken'), 'said in Arabic');
      admin.headers['accept-language'] = 'de';
      const wrongPassword = await admin.send('POST', '/api/account/password', {
        currentPassword: 'not-my-password',
        newPassword: 'fresh-password-2',
      });
      assert.deepEqual([wrongPassword.status, wrongPassword.body.code], [403, 'WRONG_PASSWORD']);
      assert.equal(wrongPassword.body.error, 'Ihr aktuelles Passwort stimmt nicht.');
      const noSession = await admin.send('DELETE', `/api/p2p/receive/${'y'.repeat(64)}`);
      assert.deepEqual(
        [noSession.status, noSession.body],
        [404, { error: 'Diese Sitzung gibt es nicht.', code: 'NOT_FOUND' }],
      );
      admin.headers['accept-language'] = 'ar';
      const me = (await admin.request('GET', '/api/auth/me')).body;
      const lastAdmin = await admin.send('PATCH', `/api/users/${me.id}`, { isAdmin: false });
      assert.deepEqual([lastAdmin.status, lastAdmin.body.code], [409, 'LAST_ADMIN']);
      assert.equal(lastAdmin.body.error, 'لن يبقى أي مسؤول نشط. اجعل مستخدمًا آخر مسؤولًا أولًا.');
      const loggedOut = await new Client(server.url).request('GET', '/api/auth/me', undefined, {
        'accept-language': 'es',
      });
      assert.deepEqual(
        [loggedOut.status, loggedOut.body],
        [401, { error: 'Primero inicia sesión.', code: 'UNAUTHORIZED' }],
      );
      const noPage = await new Client(server.url).request('GET', '/api/nothing-here', undefined, {
        'accept-language': 'de',
      });
      // The path is the caller's own text: isolated, so an Arabic sentence cannot reorder it.
      assert.deepEqual(
        [noPage.status, noPage.body],
        [
          404,
          {
            error: 'Diese Seite oder Schnittstelle gibt es nicht: GET \u2068/api/nothing-here\u2069',
            code: 'NOT_FOUND',
          },
        ],
      );
      // Refusals before any route runs are said in the request's language too; the schema's own words stay
      // English, isolated from the sentence.
      const invalid = await new Client(server.url).request('POST', '/api/auth/login', {}, { 'accept-language': 'de' });
      assert.deepEqual([invalid.status, invalid.body.code], [400, 'VALIDATION']);
      assert.match(
        invalid.body.error,
        /^Ungültiger Inhalt der Anfrage: \u2068must have required property '\w+'\u2069$/,
      );
      const invalidEnglish = await new Client(server.url).request('POST', '/api/auth/login', { username: 'a' });
      assert.match(invalidEnglish.body.error, /^Invalid body: \u2068must have required property 'password'\u2069$/);
      const notJson = await new Client(server.url).request('POST', '/api/auth/login', '{"username":', {
        'accept-language': 'es',
      });
      assert.deepEqual(
        [notJson.status, notJson.body],
        [400, { error: 'El cuerpo de la petición no es JSON válido.', code: 'INVALID_JSON' }],
      );
      const badUrl = await new Client(server.url).request('GET', '/api/p2p/receive/%E0%A4%A', undefined, {
        'accept-language': 'ar',
      });
      assert.deepEqual([badUrl.status, badUrl.body], [400, { error: 'عنوان URL غير سليم.', code: 'BAD_REQUEST' }]);
      const notJsonType = await new Client(server.url).request('POST', '/api/auth/login', 'a=b', {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'de',
      });
      assert.deepEqual(
        [notJsonType.status, notJsonType.body],
        [415, { error: 'Senden Sie den Inhalt der Anfrage als application/json.', code: 'UNSUPPORTED_MEDIA_TYPE' }],
      );
    });
  });
}
