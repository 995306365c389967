/**
 * The owner's pages in the owner's language, in real Chromium: a browser that asks for German (desktop) or
 * Arabic (phone) logs in on the translated login page, opens a receive session through the translated form,
 * and meets the API's error sentences (a wrong current password, a taken user name) in its language on the
 * account and users pages. Every page the server renders for the owner (login, receive create, the receive
 * session, send files, account, users) has the right `lang`/`dir`, and no English sentence is left in what
 * the server rendered: each is also loaded with JavaScript off, which shows exactly the server's page. axe
 * finds nothing serious; Arabic is laid out right to left.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Language } from '../../src/shared/i18n/catalogue.ts';
import { AxeAudit } from '../helpers/axe.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { englishLeft } from '../helpers/english-left.ts';
import { DESKTOP, PHONE, screenshot, useP2pFlow } from '../helpers/p2p-flow.ts';
import { ADMIN } from '../helpers/server.ts';

const skip = browserSkipReason();

/** What the owner meets in one language: the words the test acts on and waits for. */
interface OwnerWords {
  language: Language;
  dir: 'ltr' | 'rtl';
  locale: string;
  viewport: typeof DESKTOP;
  login: { username: string; password: string; button: string };
  receive: { heading: string; label: string; expiry: string; create: string; guests: string };
  account: { current: string; new: string; again: string; change: string; wrongPassword: string };
  users: { username: string; password: string; add: string; taken: string };
}

const GERMAN: OwnerWords = {
  language: 'de',
  dir: 'ltr',
  locale: 'de-DE',
  viewport: DESKTOP,
  login: { username: 'Benutzername', password: 'Passwort', button: 'Anmelden' },
  receive: {
    heading: 'Dateien empfangen',
    label: 'Bezeichnung für Gäste',
    expiry: '1 Stunde',
    create: 'Empfangssitzung erstellen',
    guests: 'Gäste',
  },
  account: {
    current: 'Aktuelles Passwort',
    new: 'Neues Passwort',
    again: 'Neues Passwort wiederholen',
    change: 'Passwort ändern',
    wrongPassword: 'Ihr aktuelles Passwort stimmt nicht.',
  },
  users: {
    username: 'Benutzername',
    password: 'Passwort',
    add: 'Hinzufügen',
    taken: 'Der Benutzername „admin“ ist schon vergeben.',
  },
};

const ARABIC: OwnerWords = {
  language: 'ar',
  dir: 'rtl',
  locale: 'ar-EG',
  viewport: PHONE,
  login: { username: 'اسم المستخدم', password: 'كلمة المرور', button: 'تسجيل الدخول' },
  receive: {
    heading: 'استلام الملفات',
    label: 'عنوان يراه الضيوف',
    expiry: 'ساعة واحدة',
    create: 'إنشاء جلسة استلام',
    guests: 'الضيوف',
  },
  account: {
    current: 'كلمة المرور الحالية',
    new: 'كلمة المرور الجديدة',
    again: 'كلمة المرور الجديدة مرة أخرى',
    change: 'تغيير كلمة المرور',
    wrongPassword: 'كلمة المرور الحالية غير صحيحة.',
  },
  users: {
    username: 'اسم المستخدم',
    password: 'كلمة المرور',
    add: 'إضافة المستخدم',
    taken: 'اسم المستخدم «admin» مستخدم بالفعل.',
  },
};

async function assertLanguage(page: Page, language: Language, dir: 'ltr' | 'rtl'): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), language);
  assert.equal(await page.getAttribute('html', 'dir'), dir);
}

/**
 * No English of the server's part of the catalogue (`page`, and the `browser` messages a page starts with) in
 * what a person or a screen reader meets on the page: its visible text, title and labels.
 */
async function assertNoEnglish(page: Page, language: Language, where: string): Promise<void> {
  const text = await page.evaluate(() =>
    [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((name) => el.getAttribute(name) ?? ''),
      ),
    ].join('\n'),
  );
  assert.deepEqual(englishLeft(text, language, ['page', 'browser']), [], `English left (${where}):\n${text}`);
}

describe("the owner's pages in German and Arabic: everything the server renders", { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-owner-language-e2e-', addressPrefix: '203.0.117', ownerLabel: 'owner' });
  const audit = new AxeAudit();

  /**
   * `paths` loaded with JavaScript off, with the owner's login and language: the server's page alone, before
   * any page script adds its words. The right `lang`/`dir`, and no English left.
   */
  async function assertServedPages(owner: BrowserContext, w: OwnerWords, paths: string[]): Promise<void> {
    const served = await flow.browser.newContext({
      javaScriptEnabled: false,
      locale: w.locale,
      viewport: w.viewport,
      storageState: await owner.storageState(),
    });
    try {
      const page = await served.newPage();
      for (const path of paths) {
        await page.goto(`${flow.server.url}${path}`);
        assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${path} is shown, not a redirect`);
        await assertLanguage(page, w.language, w.dir);
        await assertNoEnglish(page, w.language, `${w.language} owner, ${path} as the server sent it`);
      }
    } finally {
      await served.close();
    }
  }

  async function ownerFlow(w: OwnerWords): Promise<{ context: BrowserContext; waiting: Page }> {
    const where = (state: string) => `${w.language} owner, ${state}`;
    const context = await flow.browser.newContext({
      viewport: w.viewport,
      locale: w.locale,
      ...(w.viewport === PHONE ? { isMobile: true, hasTouch: true } : {}),
      extraHTTPHeaders: { 'x-forwarded-for': flow.nextIp() },
    });
    await assertServedPages(context, w, ['/login']);

    // Log in on the translated login page.
    const page = await context.newPage();
    await page.goto(`${flow.server.url}/login`);
    await assertLanguage(page, w.language, w.dir);
    await audit.check(page, where('login'));
    await page.getByLabel(w.login.username).fill(ADMIN.username);
    await page.getByLabel(w.login.password).fill(ADMIN.password);
    await page.getByRole('button', { name: w.login.button }).click();
    await page.waitForURL(`${flow.server.url}/p2p/receive`);

    // A receive session through the translated form.
    await page.getByRole('heading', { name: w.receive.heading, level: 1 }).waitFor();
    await assertLanguage(page, w.language, w.dir);
    await audit.check(page, where('receive create'));
    await page.getByLabel(w.receive.label).fill('Hausaufgaben');
    await page.getByLabel(w.receive.expiry, { exact: true }).check();
    await page.getByRole('button', { name: w.receive.create }).click();
    await page.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    await page.getByRole('heading', { name: w.receive.guests }).waitFor();
    await assertLanguage(page, w.language, w.dir);
    await audit.check(page, where('receive session'));
    const waitingPath = new URL(page.url()).pathname;

    // The API's error sentences, shown by the pages as they come: in the page's language.
    const account = await context.newPage();
    await account.goto(`${flow.server.url}/account`);
    await account.getByLabel(w.account.current).fill('not-my-password');
    await account.getByLabel(w.account.new, { exact: true }).fill('fresh-password-2');
    await account.getByLabel(w.account.again).fill('fresh-password-2');
    await account.getByRole('button', { name: w.account.change }).click();
    await account.getByRole('alert').filter({ hasText: w.account.wrongPassword }).waitFor();
    await assertLanguage(account, w.language, w.dir);
    await audit.check(account, where('account, wrong current password'));

    await account.goto(`${flow.server.url}/admin/users`);
    const addUser = account.locator('#add-user-form');
    await addUser.getByLabel(w.users.username).fill(ADMIN.username);
    await addUser.getByLabel(w.users.password).fill('long-enough-1');
    await addUser.getByRole('button', { name: w.users.add }).click();
    await addUser.getByRole('alert').filter({ hasText: w.users.taken }).waitFor();
    await assertLanguage(account, w.language, w.dir);
    await audit.check(account, where('users, name taken'));
    await account.close();

    await assertServedPages(context, w, ['/p2p/receive', waitingPath, '/p2p', '/account', '/admin/users']);
    return { context, waiting: page };
  }

  test('German on a desktop: log in, open a receive session, account and users pages; no English left', async () => {
    const { context } = await ownerFlow(GERMAN);
    await context.close();
    audit.assertClean();
  });

  test('Arabic on a phone: the same, right to left', async () => {
    const { context, waiting } = await ownerFlow(ARABIC);
    // Mirrored: the brand at the right end of the header, the way back at the right of the page.
    const width = waiting.viewportSize()?.width ?? 0;
    const brand = await waiting.locator('.brand').boundingBox();
    assert.ok(brand && brand.x > width / 2, `the brand is on the right (x = ${brand?.x} of ${width})`);
    const back = await waiting.locator('.breadcrumb a').boundingBox();
    assert.ok(back && back.x + back.width > width - 40, 'the way back starts at the right');
    // The link is an address: it reads left to right from its start, whatever the page's direction.
    assert.equal(await waiting.locator('#share-url').evaluate((el) => getComputedStyle(el).direction), 'ltr');
    await screenshot(waiting, 'receive-waiting-phone-ar');
    await context.close();
    audit.assertClean();
  });
});
