/**
 * The colour theme in real Chromium: the system's dark preference darkens the pages; the header's switch
 * overrides it, before the body is parsed on the next load, and the choice reaches the guest pages.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { useServerAndBrowser } from '../helpers/suite.ts';

/** In the page: the order in which the theme landed on <html> and the <body> appeared. */
const RECORD_THEME_BEFORE_BODY = `(() => {
  window.__themeOrder = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') window.__themeOrder.push('theme');
      else if ([...r.addedNodes].some((n) => n.nodeName === 'BODY')) window.__themeOrder.push('body');
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-theme'] });
})();`;

/** The page's background as light or dark, and the color-scheme form controls and scrollbars follow. */
async function looks(page: Page): Promise<{ background: 'light' | 'dark'; colorScheme: string }> {
  const { background, colorScheme } = await page.evaluate(() => {
    const style = getComputedStyle(document.documentElement);
    return { background: style.backgroundColor, colorScheme: style.colorScheme };
  });
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  return { background: 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light', colorScheme };
}

describe('colour theme in a real browser', { skip: browserSkipReason() }, () => {
  const app = useServerAndBrowser();

  test('dark from the system; the switch overrides it, is remembered, and the guest pages follow', async () => {
    const { server, browser } = app;
    const owner = await new Client(server.url).login();
    const receive = await owner.send('POST', '/api/p2p/receive/create', {});
    const share = await owner.send('POST', '/api/p2p/create', {
      files: [{ name: 'a.txt', size: 1, type: 'text/plain' }],
      expiresIn: 600,
    });
    assert.equal(receive.status, 201);
    assert.equal(share.status, 201, JSON.stringify(share.body));

    const context = await browser.newContext({ colorScheme: 'dark' });
    await context.addInitScript(RECORD_THEME_BEFORE_BODY);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    const theme = page.getByLabel('Theme');
    assert.equal(await theme.inputValue(), 'system');
    // "light dark": form controls and scrollbars take the system's choice, as the page does.
    assert.deepEqual(await looks(page), { background: 'dark', colorScheme: 'light dark' });

    await theme.selectOption('Light');
    assert.deepEqual(await looks(page), { background: 'light', colorScheme: 'light' });
    await page.reload();
    assert.equal(await theme.inputValue(), 'light');
    assert.deepEqual(await looks(page), { background: 'light', colorScheme: 'light' });
    assert.deepEqual(await page.evaluate('window.__themeOrder'), ['theme', 'body'], 'the theme is set before <body>');

    for (const guestPath of [`/p2p/receive/${receive.body.shortcode}`, `/p2p/${share.body.shortcode}`]) {
      await page.goto(server.url + guestPath);
      await page.getByLabel('PIN', { exact: true }).waitFor();
      assert.equal(await theme.inputValue(), 'light', guestPath);
      assert.deepEqual(await looks(page), { background: 'light', colorScheme: 'light' }, guestPath);
    }
    await theme.selectOption('System');
    assert.deepEqual(await looks(page), { background: 'dark', colorScheme: 'light dark' });
    // And "Dark" holds against a light system.
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal((await looks(page)).background, 'light');
    await theme.selectOption('Dark');
    await page.reload();
    assert.deepEqual(await looks(page), { background: 'dark', colorScheme: 'dark' });
    await context.close();
  });
});
