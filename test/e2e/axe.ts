// axe-core on a screen of the desk or the console: no serious or critical violation (colour
// contrast, names and labels — WCAG 2.1 AA). One function so every spec checks the same way and
// a failure names the rule, its impact and the elements, readable without opening a trace.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the whole page (WCAG 2.x A/AA rules) and fails on serious/critical findings. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // Experimental in axe, so off unless named: the visible text must be in the accessible name
    // (WCAG 2.5.3), which speech-input users rely on to click what they see.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const found = results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`,
      ),
    );
  // Soft: one run lists every screen's findings; the test still fails.
  expect.soft(found, `axe: serious/critical violations on "${label}"`).toEqual([]);
}
