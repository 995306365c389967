/**
 * Names that mix scripts, in real Chromium: an owner named "Sara-سارة" opens a receive session, and a guest whose
 * browser speaks Arabic (a right-to-left page) picks "report-تقرير (2).pdf" and "تقرير.txt", tries a wrong PIN,
 * then sends them. Every name the pages show (the owner's name in the header and in the PIN message, each file
 * in the picker's list, the progress rows, the list of what was sent, the owner's guest card and received files)
 * is isolated from the text around it and takes its own direction, so "report-تقرير (2).pdf" keeps its order on
 * the Arabic page and "تقرير.txt" on the English one; and each still lines up with its page, at the start of its row. Without the isolation, such a name is laid out as part of
 * the sentence or row around it and reads reordered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { logIn, setFiles, useP2pFlow, wrongPin } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

const OWNER = { username: 'Sara-سارة', password: 'sara-password' };
/** Each file, and the direction its name takes from its first letter. */
const FILES = [
  { name: 'report-تقرير (2).pdf', dir: 'ltr' },
  { name: 'تقرير.txt', dir: 'rtl' },
];

interface Shown {
  text: string;
  dir: string;
  isolated: boolean;
  /** The name sits at the page's end side of a box wider than it: it lines up with itself, not with the page. */
  offside: boolean;
}

/** Each element `selector` finds: its text, the direction it is laid out in, whether it is isolated and offside. */
async function names(page: Page, selector: string): Promise<Shown[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements.map((el) => {
      const style = getComputedStyle(el);
      const range = document.createRange();
      range.selectNodeContents(el);
      const [text, box] = [range.getBoundingClientRect(), el.getBoundingClientRect()];
      const rtlPage = document.documentElement.dir === 'rtl';
      const [startGap, endGap] = rtlPage
        ? [box.right - text.right, text.left - box.left]
        : [text.left - box.left, box.right - text.right];
      return {
        text: el.textContent ?? '',
        dir: style.direction,
        isolated: style.unicodeBidi === 'isolate',
        offside: startGap > 2 && endGap < 2,
      };
    }),
  );
}

/** What `names` finds for the test's files, in their order. */
const filesShown = FILES.map((f) => ({ text: f.name, dir: f.dir, isolated: true, offside: false }));

describe('names that mix scripts keep their order on a page of the other direction', { skip }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-bidi-e2e-', addressPrefix: '203.0.119', ownerLabel: 'receiver' });

  test('an Arabic guest sends files to an owner with a mixed name: each name isolated, in its own direction', async () => {
    const admin = await new Client(flow.server.url).login();
    assert.equal((await admin.send('POST', '/api/users', OWNER)).status, 201);
    const owner = await flow.ownerContext.newPage();
    await owner.goto(`${flow.server.url}/login?next=/p2p/receive`);
    await logIn(owner, OWNER);
    await owner.getByRole('button', { name: 'Create receive session' }).click();
    await owner.waitForURL(/\/p2p\/receive\/[A-Za-z0-9_-]+\/waiting$/);
    const pin = (await owner.locator('#pin').textContent())?.trim() ?? '';
    const shareUrl = await owner.locator('#share-url').inputValue();

    const guest = await flow.guestPage(flow.server.url + new URL(shareUrl).pathname, { locale: 'ar-EG' });
    assert.equal(await guest.getAttribute('html', 'dir'), 'rtl');
    assert.deepEqual(await names(guest, '.guest__title'), [
      { text: OWNER.username, dir: 'ltr', isolated: true, offside: false },
    ]);

    await setFiles(
      guest.locator('#file-input'),
      FILES.map((f) => ({ name: f.name, data: Buffer.from(`${f.name}\n`) })),
    );
    await guest
      .locator('#chosen-list .file-name')
      .nth(FILES.length - 1)
      .waitFor();
    assert.deepEqual(await names(guest, '#chosen-list .file-name'), filesShown, "the picker's list");

    // A sentence the page script writes: the owner's name in it is a <bdi>, its text unchanged.
    await guest.locator('#pin').fill(wrongPin(pin));
    await guest.locator('#send-button').click();
    await guest.locator('#pin-message bdi').waitFor();
    assert.deepEqual(await names(guest, '#pin-message bdi'), [
      { text: OWNER.username, dir: 'ltr', isolated: true, offside: false },
    ]);
    assert.match(
      (await guest.locator('#pin-message').textContent()) ?? '',
      /^[^\u2068\u2069]*Sara-سارة[^\u2068\u2069]*$/,
    );

    await guest.locator('#pin').fill(pin);
    await guest.locator('#send-button').click();
    await guest
      .locator('#transfer-list .file-name')
      .nth(FILES.length - 1)
      .waitFor();
    assert.deepEqual(await names(guest, '#transfer-list .file-name'), filesShown, 'the progress rows');
    await guest
      .locator('#success-list .file-name')
      .nth(FILES.length - 1)
      .waitFor({ timeout: 60_000 });
    assert.deepEqual(await names(guest, '#success-list .file-name'), filesShown, 'what was sent');

    // The owner's page is in English (left to right): there the Arabic name is the one that turns around.
    await owner.locator(`#download-all[data-count="${FILES.length}"]`).waitFor({ timeout: 60_000 });
    const sorted = (shown: { text: string }[]) => [...shown].sort((a, b) => a.text.localeCompare(b.text));
    assert.deepEqual(sorted(await names(owner, '#guest-list .file-name')), sorted(filesShown), "the guest's card");
    assert.deepEqual(sorted(await names(owner, '#file-list .file-name')), sorted(filesShown), 'the received files');
  });
});
