/**
 * Chromium for the end-to-end tests: the system's browser (no download), driven by
 * playwright-core, and axe-core for the accessibility checks. `npm test` makes sure the
 * browser is there first (scripts/ensure-test-prerequisites.mjs).
 */
import { readFileSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RELAIS_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The map needs WebGL, here on the software renderer (SwiftShader). Chromium 156 headless
      // allows it by default, but Chromium is retiring that implicit fallback: say it explicitly.
      // Harmless here: the browser only ever opens the local stack.
      '--enable-unsafe-swiftshader',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/** The WCAG 2.1 A and AA rules axe-core knows. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeSource: string | undefined;

/** Runs axe-core on the whole page and returns its violations (empty when the page passes). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, not added as a <script>: the app's CSP
  // (script-src 'self') rightly refuses inline scripts, and the test must not loosen it.
  await page.evaluate(axeSource);
  // A function declared here runs in the page, where `axe` and `document` exist.
  return page.evaluate(async (tags) => {
    const scope = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await scope.axe.run(scope.document, { runOnly: tags, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** One readable paragraph per violation, for test failure messages. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) => `    - ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n\n');
}
