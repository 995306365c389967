/**
 * The guest's own language, end to end in real Chromium: a guest switches the page to German with the keyboard
 * (the language picker), another guest's browser asks for Arabic; each enters a wrong PIN, then the right one,
 * and sends a file browser to browser into the owner's page. At every step the page has the right `lang`/`dir`,
 * no sentence of the English catalogue is left on it, and axe finds nothing serious. Arabic is laid out right
 * to left. A Spanish guest downloads a share and its ZIP. Screenshots of the translated guest page land in
 * docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { LANGUAGE_NAMES, type Language } from '../../src/shared/i18n/catalogue.ts';
import { CATALOGUES } from '../../src/shared/i18n/catalogues.ts';
import { en } from '../../src/shared/i18n/en.ts';
import { AxeAudit } from '../helpers/axe.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { screenshot, setFiles, useP2pFlow, wrongPin } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

/**
 * The English catalogue's text that must not show on a page in `language`: each message cut at its
 * placeholders, pieces with a word in them, except single words the language itself uses ("PIN", "ZIP",
 * "SHA-256", "Download", units, product names).
 */
function englishPieces(language: Language): string[] {
  const own = Object.values({ ...CATALOGUES[language].page, ...CATALOGUES[language].browser }) as string[];
  const pieces = Object.values({ ...en.page, ...en.browser })
    .flatMap((text) => text.split(/\{\{[^}]+\}\}/))
    .map((piece) => piece.trim().replace(/^[\s.,;:()“”✓—–-]+|[\s.,;:()“”…—–-]+$/g, ''))
    // A lone word the language uses too is fine ("PIN", "ZIP", "Download"); a phrase never is.
    .filter((piece) => /[A-Za-z]{2}/.test(piece) && !(!/\s/.test(piece) && own.some((text) => text.includes(piece))));
  return [...new Set(pieces)];
}

/** What a person (or a screen reader) meets on the page: its visible text, its title and its labels. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((name) => el.getAttribute(name) ?? ''),
      ),
    ].join('\n'),
  );
}

async function assertNoEnglish(page: Page, language: Language, where: string): Promise<void> {
  const text = await pageText(page);
  const left = englishPieces(language).filter((piece) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
  assert.deepEqual(left, [], `English left on the ${language} guest page (${where}):\n${text}`);
}

async function assertLanguage(page: Page, language: Language, dir: 'ltr' | 'rtl'): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), language);
  assert.equal(await page.getAttribute('html', 'dir'), dir);
}

describe("the guest's own language: the whole guest flows in German, Arabic and Spanish", { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-language-e2e-', addressPrefix: '203.0.116', ownerLabel: 'receiver' });
  const audit = new AxeAudit();

  /** The owner's waiting page of a new receive session, and the guests' URL and PIN. */
  async function openSession(): Promise<{ owner: Page; guestUrl: string; pin: string }> {
    const owner = await flow.ownerPage('/p2p/receive', 'Receive files');
    await owner.getByLabel('Label shown to guests').fill('Hausaufgaben');
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await owner.locator('#pin').textContent())?.trim() ?? '';
    const shareUrl = await owner.locator('#share-url').inputValue();
    return { owner, guestUrl: flow.server.url + new URL(shareUrl).pathname, pin };
  }

  /** A wrong PIN, then the right one: `file` goes to the owner; answers when the page says it arrived. */
  async function sendOneFile(
    guest: Page,
    o: { language: Language; dir: 'ltr' | 'rtl'; pin: string; wrongPinSays: string; arrived: string },
  ): Promise<void> {
    const where = (state: string) => `${o.language} guest, ${state}`;
    await setFiles(guest.locator('#file-input'), [{ name: 'bericht-2026.txt', data: Buffer.from('Hallo, مرحبا!\n') }]);
    await guest
      .locator('#chosen-summary')
      .filter({ hasText: o.language === 'de' ? '1 Datei' : 'ملف واحد' })
      .waitFor();
    await assertNoEnglish(guest, o.language, where('files chosen'));
    await audit.check(guest, where('files chosen'));

    await guest.locator('#pin').fill(wrongPin(o.pin));
    await guest.locator('#send-button').click();
    await guest.locator('#pin-message').filter({ hasText: o.wrongPinSays }).waitFor();
    await assertNoEnglish(guest, o.language, where('wrong PIN'));
    await audit.check(guest, where('wrong PIN'));

    await guest.locator('#pin').fill(o.pin);
    await guest.locator('#send-button').click();
    // Choosing a language reloads the page: not while the file moves.
    await guest.locator('#language-choice:disabled').waitFor();
    await guest.locator('#success-heading').filter({ hasText: o.arrived }).waitFor({ timeout: 60_000 });
    await guest.locator('#language-choice:enabled').waitFor();
    await assertLanguage(guest, o.language, o.dir);
    await assertNoEnglish(guest, o.language, where('file arrived'));
    await audit.check(guest, where('file arrived'));
  }

  test('German, chosen on the page with the keyboard: PIN, one file sent, done; no English left', async () => {
    const { owner, guestUrl, pin } = await openSession();
    const guest = await flow.guestPage(guestUrl, { locale: 'en-US' });
    await assertLanguage(guest, 'en', 'ltr');

    // The picker with the keyboard alone: focus it, pick "Deutsch", Tab to its button, Enter.
    const choice = guest.getByLabel('Language');
    await choice.focus();
    while ((await choice.inputValue()) !== 'de') await guest.keyboard.press('ArrowDown');
    await guest.keyboard.press('Tab');
    assert.equal(await guest.evaluate(() => document.activeElement?.id), 'language-submit');
    await guest.keyboard.press('Enter');
    await guest.waitForFunction(() => document.documentElement.lang === 'de');
    assert.equal(new URL(guest.url()).search, '', 'the guest is back on the link itself');
    await assertLanguage(guest, 'de', 'ltr');
    await guest.getByRole('heading', { name: 'PIN eingeben' }).waitFor();
    assert.equal(await guest.getByLabel('Sprache').inputValue(), 'de');
    await assertNoEnglish(guest, 'de', 'German guest, opened');
    await audit.check(guest, 'German guest, opened');
    await screenshot(guest, 'send-guest-phone-de');

    await sendOneFile(guest, {
      language: 'de',
      dir: 'ltr',
      pin,
      wrongPinSays: 'Falsche PIN. Noch 2 Versuche übrig.',
      arrived: 'Ihre Datei ist angekommen',
    });
    await owner.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });

    // Remembered: the next visit, whatever the browser asks for, is German.
    await guest.goto(guestUrl);
    await assertLanguage(guest, 'de', 'ltr');
    audit.assertClean();
  });

  test('Arabic, from the browser’s language: right to left, PIN, one file sent, done; no English left', async () => {
    const { owner, guestUrl, pin } = await openSession();
    const guest = await flow.guestPage(guestUrl, { locale: 'ar-EG' });
    await assertLanguage(guest, 'ar', 'rtl');
    await guest.getByRole('heading', { name: 'أدخل الرمز' }).waitFor();
    assert.equal(await guest.getByLabel('اللغة').inputValue(), 'ar');
    assert.equal(
      await guest.locator('#language-choice option[value="ar"]').textContent(),
      LANGUAGE_NAMES.ar,
      'each language is named in itself',
    );

    // Mirrored: the brand sits at the right end of the header, the step number right of its title.
    const width = guest.viewportSize()?.width ?? 0;
    const brand = await guest.locator('.brand').boundingBox();
    assert.ok(brand && brand.x > width / 2, `the brand is on the right (x = ${brand?.x} of ${width})`);
    const number = await guest.locator('#pin-heading .step__num').boundingBox();
    const heading = await guest.locator('#pin-heading').boundingBox();
    assert.ok(
      number && heading && number.x + number.width > heading.x + heading.width - 40,
      'the step number leads, on the right',
    );

    await assertNoEnglish(guest, 'ar', 'Arabic guest, opened');
    await audit.check(guest, 'Arabic guest, opened');
    await screenshot(guest, 'send-guest-phone-ar');

    await sendOneFile(guest, {
      language: 'ar',
      dir: 'rtl',
      pin,
      wrongPinSays: 'الرمز غير صحيح. بقيت محاولتان.',
      arrived: 'وصل ملفك',
    });
    await owner.locator('#download-all[data-count="1"]').waitFor({ timeout: 15_000 });
    await screenshot(guest, 'send-guest-done-phone-ar');
    audit.assertClean();
  });

  test('Spanish, a share: PIN, the file downloaded, the ZIP named in Spanish; no English left', async () => {
    const owner = await flow.ownerPage('/p2p', 'Send files');
    await setFiles(owner.locator('#file-input'), [{ name: 'notas.txt', data: Buffer.from('¡Hola!\n') }]);
    await owner.getByText('1 file chosen').waitFor();
    await owner.getByRole('button', { name: 'Create share' }).click();
    await owner.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const pin = (await owner.locator('#pin').textContent())?.trim() ?? '';
    const guestUrl = flow.server.url + new URL(await owner.locator('#share-url').inputValue()).pathname;

    const guest = await flow.guestPage(guestUrl, { locale: 'es-ES', acceptDownloads: true });
    await assertLanguage(guest, 'es', 'ltr');
    await guest.locator('#files-summary').filter({ hasText: '1 archivo' }).waitFor();
    await assertNoEnglish(guest, 'es', 'Spanish share guest, opened');
    await audit.check(guest, 'Spanish share guest, opened');

    await guest.locator('#pin').fill(pin);
    await guest.locator('#get-files').click();
    await guest.locator('#transfer-status').filter({ hasText: 'Tu archivo ha llegado' }).waitFor({ timeout: 60_000 });
    await guest.locator('#download-all:enabled').waitFor();
    await assertNoEnglish(guest, 'es', 'Spanish share guest, file arrived');
    await audit.check(guest, 'Spanish share guest, file arrived');

    // The ZIP as an ordinary download (a phone's way): its name and the line about it in Spanish.
    await guest.evaluate('delete window.showSaveFilePicker');
    const [download] = await Promise.all([guest.waitForEvent('download'), guest.locator('#download-all').click()]);
    assert.match(download.suggestedFilename(), /^Archivos de admin \d{4}-\d{2}-\d{2}\.zip$/);
    await guest.locator('#zip-status').filter({ hasText: 'guardado en tus descargas' }).waitFor();
    await assertNoEnglish(guest, 'es', 'Spanish share guest, ZIP saved');
    audit.assertClean();
  });
});
