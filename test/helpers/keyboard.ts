/**
 * Keyboard-only use of a page in a real browser: move the focus with Tab / Shift+Tab as a person does, see
 * where it stops, and check that the focused control shows that it has the focus.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** The focused element in words: tag, id and accessible-ish name ("button#copy-url “Copy link”"). */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(nothing)';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${name ? ` “${name.slice(0, 40)}”` : ''}`;
  });
}

function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until `target` has the focus and returns the stops passed on the
 * way (the target last). Fails, naming every stop, if it is not reached within `max` presses.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  options: { backwards?: boolean; max?: number } = {},
): Promise<string[]> {
  await target.waitFor({ state: 'attached', timeout: 15_000 });
  const stops: string[] = [];
  for (let i = 0; i < (options.max ?? 40); i++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    stops.push(await describeFocus(page));
    if (await hasFocus(target)) return stops;
  }
  throw new Error(
    `${options.backwards ? 'Shift+Tab' : 'Tab'} never reached ${target}; it stopped at:\n  ${stops.join('\n  ')}`,
  );
}

/** How the focused control shows its focus: an outline, and its colour's contrast against a white card. */
export interface FocusIndicator {
  /** The element that draws it, e.g. "label" for a visually hidden file input. */
  on: string;
  outline: string;
  /** Contrast ratio of the outline's colour against white (WCAG asks at least 3 for a focus indicator). */
  contrast: number;
}

/** Relative luminance of an sRGB colour (WCAG 2 definition). */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/**
 * The visible focus indicator of the focused control: an outline of at least 2px on it, on its label (a
 * visually hidden file input shows it on its label) or on the element right after it (a visually hidden
 * radio button on its text) — whichever of them is visible. Null when nothing shows the focus.
 */
export async function focusIndicator(page: Page): Promise<FocusIndicator | null> {
  const found = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const candidates = [el, ...Array.from((el as HTMLInputElement).labels ?? []), el.nextElementSibling];
    for (const e of candidates) {
      if (!e) continue;
      const style = getComputedStyle(e);
      const box = e.getBoundingClientRect();
      const visible = Number(style.opacity) > 0 && box.width >= 4 && box.height >= 4;
      if (visible && style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2)
        return {
          on: e.tagName.toLowerCase(),
          outline: `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`,
          color: style.outlineColor,
        };
    }
    return null;
  });
  if (!found) return null;
  const rgb = (found.color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const contrast = 1.05 / (luminance(rgb) + 0.05);
  return { on: found.on, outline: found.outline, contrast: Math.round(contrast * 100) / 100 };
}

/** A file handed to a file chooser. */
export interface ChosenFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * Opens the focused file input's chooser with Space, as a keyboard user does, and picks `files`. Chromium now
 * and then loses the `Page.fileChooserOpened` event on a busy machine (playwright#28023), although the chooser
 * opened: the files then go straight to the input, which focus has already been shown to reach. Answers whether
 * the chooser was seen, and whether it takes several files.
 */
export async function chooseFilesByKeyboard(
  page: Page,
  input: Locator,
  files: ChosenFile[],
): Promise<{ seen: boolean; multiple: boolean }> {
  assert.ok(await hasFocus(input), 'the file input has the keyboard focus');
  const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
  await page.keyboard.press('Space');
  const opened = await chooser;
  if (opened) {
    await opened.setFiles(files);
    return { seen: true, multiple: opened.isMultiple() };
  }
  console.log('# the file chooser event was lost; the files go to the focused input');
  await input.setInputFiles(files);
  return { seen: false, multiple: (await input.getAttribute('multiple')) !== null };
}
