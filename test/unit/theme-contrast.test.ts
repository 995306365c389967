/**
 * The colour themes in src/client/styles/app.css: the dark set is declared twice (for the system's choice and
 * for the page's switch) and both copies must say the same; it gives every colour of the light set a dark value;
 * and in both sets the text/background pairs the pages use reach WCAG AA (4.5:1 for text).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const css = readFileSync(new URL('../../src/client/styles/app.css', import.meta.url), 'utf8');

/** The custom properties declared in the first rule whose selector is exactly `selector` (no nested rules). */
function customProperties(source: string, selector: string): Map<string, string> {
  const start = source.indexOf(`${selector} {`);
  assert.notEqual(start, -1, `app.css has a rule \`${selector}\``);
  const open = start + selector.length + 2;
  const body = source.slice(open, source.indexOf('}', open));
  return new Map(
    [...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1] as string, (m[2] as string).trim()]),
  );
}

function mediaBlock(source: string, query: string): string {
  const start = source.indexOf(`@media ${query} {`);
  assert.notEqual(start, -1, `app.css has \`@media ${query}\``);
  return source.slice(start);
}

const light = customProperties(css, ':root');
const darkBySystem = customProperties(
  mediaBlock(css, '(prefers-color-scheme: dark)'),
  ':root:not([data-theme="light"])',
);
const darkBySwitch = customProperties(css, ':root[data-theme="dark"]');

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** WCAG 2 relative luminance of an sRGB hex colour. */
function luminance(hex: string): number {
  const digits =
    hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [hex.slice(1, 3), hex.slice(3, 5), hex.slice(5, 7)];
  const [r, g, b] = digits.map((d) => {
    const c = Number.parseInt(d, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour on background colour, as the stylesheet pairs them. */
const TEXT_PAIRS: [text: string, background: string, where: string][] = [
  ['--ink', '--bg', 'page text'],
  ['--ink', '--card', 'card text'],
  ['--ink', '--field', 'inputs, buttons, list rows'],
  ['--ink', '--hover', 'a button under the pointer'],
  ['--muted', '--bg', 'footer, lead'],
  ['--muted', '--card', 'hints, meta'],
  ['--muted', '--field', 'meta in list rows'],
  ['--muted', '--subtle', 'dropzone text'],
  ['--muted', '--divider', 'plain badge'],
  ['--muted', '--hover', 'disabled PIN input'],
  ['--blue', '--bg', 'links on the page'],
  ['--blue', '--card', 'links, ghost and link buttons'],
  ['--blue', '--field', 'links in list rows'],
  ['--blue', '--blue-soft', 'ghost button under the pointer'],
  ['--blue-dark', '--blue-soft', 'PIN block, guest label, live badge, info alert'],
  ['--blue-dark', '--card', 'the PIN'],
  ['--green', '--green-soft', 'ok alert and badge'],
  ['--green', '--card', 'live dot'],
  ['--red', '--red-soft', 'errors, bad badge, danger button under the pointer'],
  ['--red', '--field', 'danger button'],
  ['--amber', '--amber-soft', 'warnings'],
  ['--amber', '--card', 'live dot when off'],
  ['--on-fill', '--accent', 'primary button, brand mark, step number'],
  ['--on-fill', '--accent-hover', 'primary button under the pointer'],
  ['--on-fill', '--ok-fill', 'a step done'],
  ['--on-fill', '--danger-fill', 'solid danger button'],
  ['--on-fill', '--danger-fill-hover', 'solid danger button under the pointer'],
];

describe('colour themes', () => {
  test('the two copies of the dark set say the same', () => {
    assert.deepEqual(darkBySwitch, darkBySystem);
  });

  test('the dark set gives every colour of the light set a value of its own', () => {
    const colours = [...light].filter(([, value]) => HEX.test(value)).map(([name]) => name);
    assert.ok(colours.length > 20, 'the light set is found');
    assert.deepEqual(
      colours.filter((name) => !HEX.test(darkBySwitch.get(name) ?? '')),
      [],
      'colours without a dark value',
    );
  });

  for (const [theme, set] of [
    ['light', light],
    ['dark', darkBySwitch],
  ] as const) {
    test(`${theme}: text reaches 4.5:1 on its background`, () => {
      const low = TEXT_PAIRS.flatMap(([text, background, where]) => {
        const [fg, bg] = [set.get(text), set.get(background)];
        assert.ok(fg && HEX.test(fg) && bg && HEX.test(bg), `${text} and ${background} are hex colours`);
        const ratio = contrast(fg, bg);
        return ratio >= 4.5 ? [] : [`${where}: ${text} on ${background} is ${ratio.toFixed(2)}:1`];
      });
      assert.deepEqual(low, []);
    });
  }

  test('the contrast arithmetic matches known values', () => {
    assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
    assert.equal(contrast('#777', '#fff').toFixed(2), '4.48');
  });
});
