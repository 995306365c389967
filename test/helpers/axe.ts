/**
 * axe-core in the real pages: injected through the DevTools protocol (`page.evaluate` of its source), which the
 * pages' Content-Security-Policy does not apply to, so the pages are checked exactly as served. Only serious
 * and critical violations count: those block or badly hinder someone using a screen reader, a keyboard or
 * low vision.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE } from './p2p-flow.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const COUNTED: readonly ImpactValue[] = ['serious', 'critical'];

/** One serious or critical violation, in the words needed to find and fix it. */
export interface AxeProblem {
  rule: string;
  impact: ImpactValue;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
  /** axe's explanation for the first element (e.g. the contrast ratio it measured). */
  detail: string;
}

/** Runs axe on the page as it is now (hidden elements are not judged) and returns the serious and critical problems. */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations
    .filter((v) => v.impact && COUNTED.includes(v.impact))
    .map((v) => ({
      rule: v.id,
      impact: v.impact!,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      detail: v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').trim() ?? '',
    }));
}

/** Problems as lines a person can act on: where, rule, impact, help, elements, detail. */
export function formatAxeProblems(where: string, problems: readonly AxeProblem[]): string {
  return problems
    .map(
      (p) =>
        `${where}: [${p.impact}] ${p.rule} — ${p.help}\n    on ${p.targets.slice(0, 5).join(', ')}${p.targets.length > 5 ? ` (+${p.targets.length - 5} more)` : ''}\n    ${p.detail}`,
    )
    .join('\n');
}

/**
 * Collects the problems of many page states (each at phone and desktop width) and fails once, at the end,
 * with all of them: one run then shows everything there is to fix.
 */
export class AxeAudit {
  readonly #found: string[] = [];
  readonly #checked: string[] = [];

  /**
   * Checks `page` at 390×844 and at 1280×800 (its own size last, so the flow goes on as it was). `where` names
   * the page and its state in the report.
   */
  async check(page: Page, where: string): Promise<void> {
    const own = page.viewportSize() ?? DESKTOP;
    const other = own.width === PHONE.width ? DESKTOP : PHONE;
    for (const [size, label] of [
      [other, other === PHONE ? 'phone' : 'desktop'],
      [own, own.width === PHONE.width ? 'phone' : 'desktop'],
    ] as const) {
      await page.setViewportSize(size);
      const problems = await axeProblems(page);
      this.#checked.push(`${where} (${label})`);
      if (problems.length) this.#found.push(formatAxeProblems(`${where} (${label})`, problems));
    }
  }

  /** The states checked so far, e.g. to assert that a test reached all it meant to. */
  get checked(): readonly string[] {
    return this.#checked;
  }

  /** Throws with every problem found, if any. */
  assertClean(): void {
    if (this.#found.length)
      throw new Error(`axe found serious or critical accessibility problems:\n${this.#found.join('\n')}`);
  }
}
