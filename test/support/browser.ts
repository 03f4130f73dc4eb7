/**
 * Chromium for the end-to-end tests: the system's browser (no download), driven by
 * playwright-core, and axe-core for the accessibility checks. `npm test` makes sure the
 * browser is there first (scripts/ensure-test-prerequisites.mjs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

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

/** Fails with axe-core's findings, in words, when the page breaks a WCAG 2.1 A/AA rule. */
export async function expectNoAxeViolations(page: Page, pageName: string): Promise<void> {
  const violations = await runAxe(page);
  if (violations.length > 0) {
    throw new Error(`axe-core: ${violations.length} violation(s) WCAG 2.1 A/AA sur ${pageName}\n\n${formatViolations(violations)}`);
  }
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const WEB = join(REPO_ROOT, 'web');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

const spaIsFresh = (): boolean => {
  const index = join(WEB, 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(join(WEB, 'src')),
    newestMtime(join(WEB, 'public')),
    newestMtime(join(WEB, 'index.html')),
    newestMtime(join(WEB, 'vite.config.ts')),
  );
  return existsSync(index) && statSync(index).mtimeMs >= sources;
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the SPA when web/dist is missing or older than its sources. Test files run in parallel
 * workers: a lock directory makes one of them build while the others wait, since a build
 * empties web/dist under the feet of a stack serving it.
 */
export function ensureSpaBuilt(): void {
  if (spaIsFresh()) return;
  const lock = join(WEB, '.build-lock');
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds: a lock older than the deadline is a leftover of a killed run.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Construction de l’application : verrou web/.build-lock bloqué');
      sleep(500);
    }
  }
  try {
    if (spaIsFresh()) return;
    // NODE_ENV is `test` under jest: Vite would then build React's development bundle.
    execFileSync('npm', ['run', 'build:web'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
      timeout: 180_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Script errors and failed requests of a page, as the console reports them; a test step takes
 * them with `take()` and expects none, except those it provoked on purpose.
 */
export function watchPageErrors(page: Page): { take(): string[] } {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { take: () => errors.splice(0) };
}

/** The heading of the page each demo user lands on after signing in (the role's home). */
export function homeHeading(username: string): string {
  if (username.startsWith('agent.')) return 'Nouvel accueil';
  if (username.startsWith('partenaire.')) return 'Orientations';
  if (username.startsWith('ts.') || username.startsWith('cesf.')) return 'Mes parcours';
  if (username === 'pilote' || username === 'admin') return 'Indicateurs et observatoire des besoins sociaux';
  return 'Annuaire';
}
