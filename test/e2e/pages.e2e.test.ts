/**
 * Pages that load at once (issue 19): the sign-in page does not move under the reader when the
 * demo users arrive. Cumulative layout shift measured in Chromium by a PerformanceObserver
 * (`layout-shift` entries without recent input, as Lighthouse and Core Web Vitals count them),
 * with the demo users' answer held back so that the page is drawn first without them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { startTestStack } from '../support/local-stack';
import { ensureSpaBuilt, launchChromium } from '../support/browser';
import { signInLayoutShifts } from '../support/layout-shift';

jest.setTimeout(120_000);

/**
 * Core Web Vitals' « good » threshold is 0.1 (the issue's target); the page is meant not to move
 * at all, so the test holds it to a hundredth. Before the fix it measured 0.056–0.061 here (the
 * footer drawn in view, then pushed away), and Lighthouse 0.43.
 */
const CLS_LIMIT = 0.01;

describe('pages that load at once', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    ensureSpaBuilt();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-pages-')),
    });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it.each([0, 800])('keeps the sign-in page still when the demo users arrive %d ms late (CLS < 0.01)', async (delayMs) => {
    const { cls, shifts } = await signInLayoutShifts(browser, stack.url, delayMs);
    process.stdout.write(`  CLS connexion (utilisateurs en ${delayMs} ms) : ${cls.toFixed(4)} ${JSON.stringify(shifts)}\n`);
    expect(cls).toBeLessThan(CLS_LIMIT);
  });
});
