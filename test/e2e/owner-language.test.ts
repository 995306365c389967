/**
 * The owner's pages in the owner's language, in real Chromium: a guest sends two files into an owner's receive
 * page in German, then in Arabic. What the page's scripts write (the guest's card, the received files, the
 * status badge and live dot, the expiry line, the copy and ZIP lines, the "remove" question, the browser's
 * notifications, the ZIP's name) is in that language with no English left, and the Arabic page mirrors it.
 * Screenshots of the Arabic page (desktop and phone, light and dark) land in docs/screenshots/. A German
 * owner shares a file: the share page's script text is German too.
 *
 * The language is chosen as a guest chooses it (`?lang=`, remembered in a cookie). Where the server still
 * renders an owner page in English, the test hands the page the language's messages itself, as the server does
 * for a translated page (`lang`, `dir` and `data-messages`), so what is checked here is the scripts' own text:
 * the regions they fill, not the server-rendered page around them.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { direction, type Language } from '../../src/shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { englishLeft } from '../helpers/english-left.ts';
import { DESKTOP, PHONE, screenshot, screenshotDark, setFiles, useP2pFlow } from '../helpers/p2p-flow.ts';
import { ADMIN } from '../helpers/server.ts';

const skip = browserSkipReason();

/** The regions of the owner's receive page that its scripts fill. */
const RECEIVE_REGIONS = [
  '#session-status',
  '#live-status',
  '#expiry-text',
  '#copy-status',
  '#guest-list',
  '#download-all',
  '#zip-status',
  '#file-list',
  '#announcer',
];

/** The regions of the owner's share page that its scripts fill. */
const SHARE_REGIONS = [
  '#chosen-summary',
  '#share-title',
  '#share-status',
  '#live-status',
  '#expiry-text',
  '#offered-summary',
  '#recipient-list',
  '#share-list',
  '#copy-progress',
  '#announcer',
];

/** Records what the page notifies, as a browser that was allowed to notify would show it. */
const RECORD_NOTIFICATIONS = `(() => {
  window.__notified = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    constructor(title, options) { window.__notified.push(options && options.body); }
    close() {}
  };
})()`;

/**
 * Makes `page` speak `language` as the server makes a translated page speak it (`lang`, `dir` and the
 * messages on `<body data-messages>`), where the server did not already. It runs as the page is parsed, so
 * before any of the page's scripts (module scripts run once parsing is done).
 */
async function speak(page: Page, language: Language): Promise<void> {
  const messages = JSON.stringify({ ...CATALOGUES[language].browser, ...CATALOGUES[language].owner });
  // A string, not a function: the test runner's compiler would add helpers the page does not have.
  await page.addInitScript(`(() => {
    const [language, dir, messages] = ${JSON.stringify([language, direction(language), messages])};
    const apply = () => {
      const root = document.documentElement;
      if (!document.body) return false;
      if (root.lang !== language) {
        root.lang = language;
        root.dir = dir;
        document.body.dataset.messages = messages;
      }
      return true;
    };
    const watch = new MutationObserver(() => {
      if (apply()) watch.disconnect();
    });
    watch.observe(document, { childList: true, subtree: true });
  })()`);
}

/** The text of the script-filled `regions`, their labels included. */
async function scriptText(page: Page, regions: readonly string[]): Promise<string> {
  return page.evaluate(
    (selectors) =>
      selectors
        .flatMap((selector) => {
          const region = document.querySelector(selector) as HTMLElement | null;
          if (!region) return [];
          const labelled = [region, ...region.querySelectorAll('[aria-label], [title]')];
          return [
            region.innerText,
            ...labelled.flatMap((el) => [el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '']),
          ];
        })
        .join('\n'),
    regions,
  );
}

interface Expected {
  language: Language;
  guestTitle: RegExp;
  received: RegExp;
  notified: RegExp[];
  zipName: RegExp;
  zipSaved: RegExp;
  removeQuestion: RegExp;
  removed: RegExp;
}

describe("the owner's language: the owner pages' scripts in German and Arabic", { skip }, () => {
  const flow = useP2pFlow({
    tmpPrefix: 'phuppi-owner-language-e2e-',
    addressPrefix: '203.0.118',
    ownerLabel: 'receiver',
  });

  /**
   * The logged-in owner's page at `pathname` in `language`, chosen as on any page (`?lang=`, remembered in a
   * cookie), in a context of its own (the language it remembers stays there); it records the notifications it
   * shows.
   */
  async function ownerPageIn(language: Language, pathname: string): Promise<Page> {
    const context = await flow.browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    after(() => context.close());
    // Logged in through the API: the login page may itself be in `language` by then.
    const login = await context.request.post(`${flow.server.url}/api/auth/login`, {
      data: ADMIN,
      headers: { origin: flow.server.url },
    });
    assert.equal(login.status(), 200, await login.text());
    const owner = await context.newPage();
    owner.on('pageerror', (e) => console.error('[owner page error]', e));
    await owner.addInitScript(RECORD_NOTIFICATIONS);
    await speak(owner, language);
    await owner.goto(`${flow.server.url}${pathname}?lang=${language}`);
    await owner.waitForURL(`${flow.server.url}${pathname}`);
    assert.equal(await owner.getAttribute('html', 'lang'), language);
    assert.equal(await owner.getAttribute('html', 'dir'), direction(language));
    return owner;
  }

  const notifiedOn = (owner: Page) => owner.evaluate(() => (window as unknown as { __notified: string[] }).__notified);

  /** A new receive session (no label: the ZIP is named by the page), its page opened in `language`. */
  async function openSession(language: Language): Promise<{ owner: Page; guestUrl: string; pin: string }> {
    const create = await flow.ownerPage('/p2p/receive', 'Receive files');
    await create.getByRole('button', { name: 'Create receive session' }).click();
    await create.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const waiting = new URL(create.url()).pathname;
    await create.close();
    const owner = await ownerPageIn(language, waiting);
    const pin = (await owner.locator('#pin').textContent())?.trim() ?? '';
    const shareUrl = await owner.locator('#share-url').inputValue();
    return { owner, guestUrl: flow.server.url + new URL(shareUrl).pathname, pin };
  }

  /** A guest in the same language sends two files; answers once the owner's page has both. */
  async function guestSends(guestUrl: string, pin: string, language: Language): Promise<void> {
    const guest = await flow.guestPage(guestUrl, { locale: language });
    await setFiles(guest.locator('#file-input'), [
      { name: 'bericht-2026.txt', data: Buffer.from('Hallo, مرحبا!\n') },
      { name: 'تقرير.txt', data: Buffer.from('مرحبا\n'.repeat(500)) },
    ]);
    await guest.locator('#pin').fill(pin);
    await guest.locator('#send-button').click();
    await guest.locator('#success-heading').waitFor({ timeout: 60_000 });
  }

  async function assertNoEnglish(
    owner: Page,
    language: Language,
    where: string,
    regions: readonly string[] = RECEIVE_REGIONS,
  ): Promise<void> {
    const text = await scriptText(owner, regions);
    assert.deepEqual(
      englishLeft(text, language, ['browser', 'owner']),
      [],
      `English left in the ${language} owner page's script text (${where}):\n${text}`,
    );
  }

  async function receiveInLanguage(e: Expected, shots?: string): Promise<Page> {
    const { owner, guestUrl, pin } = await openSession(e.language);
    await guestSends(guestUrl, pin, e.language);
    await owner.locator('#download-all[data-count="2"]').waitFor({ timeout: 30_000 });
    await owner.locator('#guest-list .guest-card[data-phase="done"]').waitFor();
    await owner.locator('#copy-url').click();
    await owner.locator('#copy-status').filter({ hasText: /\S/ }).waitFor();

    const card = owner.locator('#guest-list .guest-card').first();
    assert.match((await card.locator('strong').textContent()) ?? '', e.guestTitle);
    assert.match((await card.locator('.guest-card__text').textContent()) ?? '', e.received);
    const notified = await notifiedOn(owner);
    assert.equal(notified.length, e.notified.length, `notified: ${JSON.stringify(notified)}`);
    for (const [i, pattern] of e.notified.entries()) assert.match(notified[i] ?? '', pattern);
    await assertNoEnglish(owner, e.language, 'two files received');
    assert.deepEqual(englishLeft(notified.join('\n'), e.language, ['browser', 'owner']), [], 'notifications');

    if (shots) {
      await screenshot(owner, `${shots}-desktop`);
      await screenshotDark(owner, `${shots}-desktop`);
      await owner.setViewportSize(PHONE);
      await screenshot(owner, `${shots}-phone`);
      await screenshotDark(owner, `${shots}-phone`);
    }

    // The ZIP as an ordinary download: its name and the line about it in the language.
    await owner.evaluate('delete window.showSaveFilePicker');
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.locator('#download-all').click()]);
    assert.match(download.suggestedFilename(), e.zipName);
    await owner.locator('#zip-status').filter({ hasText: e.zipSaved }).waitFor();
    await assertNoEnglish(owner, e.language, 'ZIP saved');

    // "Remove from this browser": the question asked and the line after it.
    const asked = owner.waitForEvent('dialog').then(async (dialog) => {
      const question = dialog.message();
      await dialog.accept();
      return question;
    });
    await owner.locator('#forget-files').click();
    const question = await asked;
    assert.match(question, e.removeQuestion);
    assert.deepEqual(englishLeft(question, e.language, ['browser', 'owner']), [], 'the remove question');
    await owner.locator('#zip-status').filter({ hasText: e.removed }).waitFor();
    await assertNoEnglish(owner, e.language, 'files removed from the browser');
    return owner;
  }

  test('German: the guest card, the files, the notifications, the ZIP and its name; no English left', async () => {
    await receiveInLanguage({
      language: 'de',
      guestTitle: /^Gast 1$/,
      received: /^2 Dateien empfangen und geprüft\.$/,
      notified: [/^Gast 1 ist verbunden$/, /^Gast 1: 2 Dateien empfangen$/],
      zipName: /^Empfangene Dateien [\w-]+ \d{4}-\d{2}-\d{2}\.zip$/,
      zipSaved: /^ZIP mit 2 Dateien \(.+\).*gespeichert/,
      removeQuestion: /^2 empfangene Dateien aus diesem Browser entfernen\?/,
      removed: /^2 Dateien aus diesem Browser entfernt\.$/,
    });
  });

  test('Arabic: the same, right to left, the regions mirrored; screenshots at desktop and phone size', async () => {
    const owner = await receiveInLanguage(
      {
        language: 'ar',
        guestTitle: /^الضيف /,
        received: /^استُلم وتم التحقق: ملفان\.$/,
        notified: [/^اتصل الضيف /, /^الضيف .+: استُلم ملفان$/],
        zipName: /^ملفات مستلمة [\w-]+ \d{4}-\d{2}-\d{2}\.zip$/,
        zipSaved: /ملف ZIP فيه ملفان/,
        removeQuestion: /^إزالة ملفين مستلمين من هذا المتصفح؟/,
        removed: /^أُزيل من هذا المتصفح: ملفان\.$/,
      },
      'receive-waiting-ar',
    );
    // Mirrored (at phone size now): a guest card's title leads on the right, its remove button ends on the left.
    const card = owner.locator('#guest-list .guest-card').first();
    const title = await card.locator('strong').boundingBox();
    const remove = await card.locator('.guest-card__remove').boundingBox();
    assert.ok(title && remove, 'the card shows its title and its remove button');
    if (remove.y < title.y + title.height) assert.ok(title.x > remove.x, 'the title is right of the remove button');
    const width = owner.viewportSize()?.width ?? 0;
    assert.ok(title.x + title.width > width / 2, `the title sits on the right (x = ${title.x} of ${width})`);
  });

  test('German, a share: the chosen files, the recipient card, the notifications, the list of shares', async () => {
    const owner = await ownerPageIn('de', '/p2p');
    await setFiles(owner.locator('#file-input'), [{ name: 'notizen.txt', data: Buffer.from('Hallo!\n') }]);
    await owner.locator('#chosen-summary').filter({ hasText: '1 Datei' }).waitFor();
    await owner.locator('#create-share').click();
    await owner.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    await owner
      .locator('#share-title')
      .filter({ hasText: /^notizen\.txt wird geteilt$/ })
      .waitFor();
    assert.match(await owner.locator('#offered-summary').innerText(), /^1 Datei · 7 B$/);
    const pin = (await owner.locator('#pin').textContent())?.trim() ?? '';
    const guestUrl = flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname;

    const guest = await flow.guestPage(guestUrl, { locale: 'de' });
    await guest.locator('#pin').fill(pin);
    await guest.locator('#get-files').click();
    const card = owner.locator('#recipient-list .guest-card[data-phase="done"]');
    await card.waitFor({ timeout: 60_000 });
    assert.equal(await card.locator('strong').textContent(), 'Empfänger 1');
    assert.match(
      (await card.locator('.guest-card__text').textContent()) ?? '',
      /^1 Datei \(7 B\) heruntergeladen, jede mit ihrer SHA-256-Prüfsumme geprüft\.$/,
    );
    assert.deepEqual(await notifiedOn(owner), ['Empfänger 1 ist verbunden', 'Empfänger 1 hat die Dateien']);
    await owner.locator('#share-list').filter({ hasText: '1 Empfänger · 1 Download' }).waitFor({ timeout: 15_000 });
    await assertNoEnglish(owner, 'de', 'a recipient served', SHARE_REGIONS);
  });
});
