/**
 * Cumulative layout shift in Chromium (issue 19): a PerformanceObserver of `layout-shift`
 * entries without recent input, as Lighthouse and Core Web Vitals count them. Used by the e2e
 * test of the pages and by the pages part of `npm run bench`.
 */
import type { Browser, Page } from 'playwright-core';
import { watchPageErrors } from './browser';

/** Lighthouse's desktop viewport. */
const DESKTOP = { width: 1350, height: 940 };
export interface Shift {
  value: number;
  sources: string[];
}

/** Installed before any script of the page: every layout shift, with the elements that moved. */
function recordLayoutShifts(): void {
  // Runs in the page (a DOM the Node typings do not describe).
  const scope = globalThis as unknown as {
    __shifts: Shift[];
    PerformanceObserver: new (callback: (list: { getEntries(): unknown[] }) => void) => { observe(options: unknown): void };
  };
  scope.__shifts = [];
  new scope.PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<{
      value: number;
      hadRecentInput: boolean;
      sources?: Array<{ node?: { nodeName?: string; className?: string; textContent?: string | null } }>;
    }>) {
      if (entry.hadRecentInput) continue;
      scope.__shifts.push({
        value: entry.value,
        sources: (entry.sources ?? []).map((s) =>
          `${s.node?.nodeName ?? '?'}.${String(s.node?.className ?? '')} « ${(s.node?.textContent ?? '').slice(0, 40)} »`.trim(),
        ),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** The sign-in page opened afresh, the demo users answered after `delayMs`; the shifts once they are shown. */
export async function signInLayoutShifts(browser: Browser, url: string, delayMs: number): Promise<{ cls: number; shifts: Shift[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  try {
    const page: Page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.addInitScript(recordLayoutShifts);
    await page.route('**/api/auth/dev/users', async (route) => {
      await new Promise((done) => setTimeout(done, delayMs));
      await route.continue();
    });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.locator('input[name="username"][value="agent.gramat"]').waitFor();
    // Two frames and a pause: the shifts of the render that showed the users are reported.
    await page.evaluate(() => {
      const frame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame;
      return new Promise((done) => frame(() => frame(() => setTimeout(done, 300))));
    });
    const shifts = await page.evaluate(() => (globalThis as unknown as { __shifts: Shift[] }).__shifts);
    const pageErrors = errors.take();
    if (pageErrors.length > 0) throw new Error(`Erreurs de la page de connexion : ${pageErrors.join(' ; ')}`);
    return { cls: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
  } finally {
    await context.close();
  }
}

