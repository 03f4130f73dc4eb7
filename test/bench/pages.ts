/**
 * Pages that load at once (issue 19): what each entry of the SPA downloads before its first
 * paint, and the sign-in page's layout shift in Chromium.
 *
 * - Initial JavaScript, gzip, per entry: the build's manifest (a separate `vite build
 *   --manifest` into a temporary folder, web/dist untouched) gives each chunk's static imports;
 *   an entry's initial JS is the closure of index.html's script and of the application chunk
 *   main.tsx opens at once (the signed-in app, the public map, the referral link). MapLibre is
 *   counted apart: it must stay out of every initial closure (loaded after the first paint, on
 *   map pages only). Targets: ≤ 200 KB gzip for the pages without a map, and MapLibre in none.
 * - CLS of the sign-in page (desktop viewport), the demo users answered at once and 800 ms late:
 *   < 0.1 (Core Web Vitals' « good »).
 *
 * - Lighthouse 12 (desktop preset: its own throttling and screen) on the sign-in page, the person's sign-in to « Mon espace » and the
 *   public map `/carte`, in Debian's Chromium against the local stack: performance ≥ 95,
 *   accessibility 100, CLS < 0.1. Lighthouse simulates a throttled network and CPU from what it
 *   measured, so its scores move with the machine's load: read them with the run's context
 *   (`cpuIndex`, Lighthouse's benchmark index of the machine during each page's run, says it).
 *   `/carte` is measured with the Lot's commune outlines set (`../shared/data`), as visitors have it.
 *   `BENCH_LIGHTHOUSE_DIR=<folder>` keeps each page's whole report there.
 */
import './env';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const REPO_ROOT = resolve(__dirname, '..', '..');
const INITIAL_JS_LIMIT_KB = 200;
const CLS_LIMIT = 0.1;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The chunks a chunk needs before it runs: itself and its static imports, transitively. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(manifest, next, seen);
  return seen;
}

export interface EntryWeight {
  entry: string;
  chunks: number;
  initialKbGzip: number;
  hasMapLibre: boolean;
  limitKb: number | null;
  ok: boolean;
}

/** Builds the SPA with its manifest in a temporary folder and weighs each entry's initial JavaScript. */
export function weighEntries(): EntryWeight[] {
  const outDir = mkdtempSync(join(tmpdir(), 'relais-bench-web-'));
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--manifest', '--outDir', outDir, '--emptyOutDir'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
      timeout: 300_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const gzipKb = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;
    const isMapLibre = (key: string) => key.includes('node_modules/maplibre-gl') || (manifest[key]?.src ?? '').includes('maplibre-gl');
    const mainKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry && key.endsWith('index.html'));
    if (!mainKey) throw new Error('manifeste Vite : pas d’entrée index.html');
    const applications: Array<[string, string, boolean]> = [
      ['connexion et application (/#/…)', 'src/app.tsx', false],
      ['lien d’orientation (/#/orientation/…)', 'src/public/referral-link.app.tsx', false],
      ['carte publique (/carte)', 'src/public/public-map.app.tsx', true],
    ];
    return applications.map(([entry, key, mapPage]) => {
      if (!manifest[key]) throw new Error(`manifeste Vite : ${key} absent`);
      const keys = new Set([...closure(manifest, mainKey), ...closure(manifest, key)]);
      const files = [...keys].map((k) => manifest[k]!.file).filter((file) => file.endsWith('.js'));
      const initialKbGzip = Math.round(files.reduce((sum, file) => sum + gzipKb(file), 0) * 10) / 10;
      const hasMapLibre = [...keys].some((k) => isMapLibre(k) || manifest[k]!.file.includes('map-base'));
      const limitKb = mapPage ? null : INITIAL_JS_LIMIT_KB;
      return { entry, chunks: files.length, initialKbGzip, hasMapLibre, limitKb, ok: !hasMapLibre && (limitKb === null || initialKbGzip <= limitKb) };
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The sign-in page's CLS in Chromium against the local stack, the demo users at once and late. */
interface LighthouseRow {
  page: string;
  performance: number;
  accessibility: number;
  cls: number;
  lcpMs: number;
  /** What the performance score is made of besides LCP and CLS: where a low score comes from. */
  fcpMs: number;
  speedIndexMs: number;
  tbtMs: number;
  /** Lighthouse's measure of the machine's speed during this page's run (higher is faster): the other engineers' load shows here. */
  cpuIndex: number;
  ok: boolean;
  failedAudits?: string;
}

const PERFORMANCE_MIN = 95;
const ACCESSIBILITY_MIN = 100;

/** A free TCP port on the loopback, for Chromium's DevTools endpoint that Lighthouse drives. */
function freePort(): Promise<number> {
  const net = require('node:net') as typeof import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Lighthouse (desktop) on sign-in, `/carte` and the person's sign-in to « Mon espace », in the system's Chromium against the local stack. */
export async function measureLighthouse(): Promise<LighthouseRow[]> {
  const { ensureSpaBuilt, CHROMIUM_PATH } = await import('../support/browser');
  const { startLocalStack } = await import('../../infra/local/stack');
  const { chromium } = await import('playwright-core');
  // ESM-only packages: loaded as such from this CommonJS module.
  const { default: lighthouse } = (await import('lighthouse')) as typeof import('lighthouse');
  const { default: desktopConfig } = (await import('lighthouse/core/config/desktop-config.js')) as {
    default: import('lighthouse').Config;
  };
  ensureSpaBuilt();
  // `/carte` as its visitors have it: with the Lot's commune outlines and main towns (ADR 0043), which its
  // preview draws before MapLibre (ADR 0050). Pages is the bench's last part: the setting stays for nothing else.
  const lotOutlines = join(REPO_ROOT, '..', 'shared', 'data', 'lot-communes.geojson');
  if (!process.env.RELAIS_COMMUNES_GEOJSON && existsSync(lotOutlines)) {
    process.env.RELAIS_COMMUNES_GEOJSON = lotOutlines;
    (await import('../../shared/config/settings')).resetSettings();
  }
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    seedDemo: true,
    buildSpa: false,
    dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-lighthouse-')),
  });
  const port = await freePort();
  const browser = await chromium.launch({
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
      '--enable-unsafe-swiftshader',
      `--remote-debugging-port=${port}`,
    ],
  });
  const pages = [
    ['connexion', '/'],
    ['carte publique', '/carte'],
    ['mon espace (connexion)', '/mon-espace'],
  ] as const;
  try {
    // Every file of the build asked for once first, not measured: the local server compresses each file
    // once (brotli at its best quality, seconds of CPU for the map's chunk), on its first request or while
    // it warms the build after start; the first page measured would otherwise share the machine with that
    // start, which no later visitor does. Lighthouse still loads every page with an empty cache.
    const built = ['/', ...readdirSync(join(REPO_ROOT, 'web', 'dist', 'assets')).map((file) => `/assets/${file}`)];
    // One after the other: the server runs in this process, and a hundred connections at once time out under load.
    for (const path of built) await (await fetch(`${stack.url}${path}`, { headers: { 'accept-encoding': 'br, gzip' } })).arrayBuffer();
    const rows: LighthouseRow[] = [];
    for (const [page, path] of pages) {
      const result = await lighthouse(
        `${stack.url}${path}`,
        { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] },
        desktopConfig,
      );
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse n’a rien rendu pour ${path}`);
      // BENCH_LIGHTHOUSE_DIR=<folder>: each page's whole report is kept there, to read its audits.
      const keepIn = process.env.BENCH_LIGHTHOUSE_DIR;
      if (keepIn) {
        mkdirSync(keepIn, { recursive: true });
        writeFileSync(join(keepIn, `${path === '/' ? 'connexion' : path.slice(1)}.json`), JSON.stringify(lhr, null, 1));
      }
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const performance = score('performance');
      const accessibility = score('accessibility');
      const cls = lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN;
      const ms = (audit: string) => Math.round(lhr.audits[audit]?.numericValue ?? Number.NaN);
      const lcpMs = ms('largest-contentful-paint');
      const failed = (lhr.categories.accessibility?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => ref.id);
      rows.push({
        page,
        performance,
        accessibility,
        cls: Math.round(cls * 1000) / 1000,
        lcpMs,
        fcpMs: ms('first-contentful-paint'),
        speedIndexMs: ms('speed-index'),
        tbtMs: ms('total-blocking-time'),
        cpuIndex: Math.round(lhr.environment?.benchmarkIndex ?? Number.NaN),
        ok: performance >= PERFORMANCE_MIN && accessibility >= ACCESSIBILITY_MIN && cls < CLS_LIMIT,
        ...(failed.length ? { failedAudits: failed.join(', ') } : {}),
      });
    }
    return rows;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function measureSignInCls(): Promise<Array<{ page: string; cls: number; limit: number; ok: boolean }>> {
  const { ensureSpaBuilt, launchChromium } = await import('../support/browser');
  const { signInLayoutShifts } = await import('../support/layout-shift');
  const { startLocalStack } = await import('../../infra/local/stack');
  ensureSpaBuilt();
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    seedDemo: true,
    buildSpa: false,
    dataDir: mkdtempSync(join(tmpdir(), 'relais-bench-pages-')),
  });
  const browser = await launchChromium();
  try {
    const rows = [];
    for (const delayMs of [0, 800]) {
      const { cls } = await signInLayoutShifts(browser, stack.url, delayMs);
      rows.push({ page: `connexion, utilisateurs en ${delayMs} ms`, cls: Math.round(cls * 1000) / 1000, limit: CLS_LIMIT, ok: cls < CLS_LIMIT });
    }
    return rows;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

export async function reportPages(): Promise<boolean> {
  console.log('\nPages : JavaScript initial par entrée (gzip, Ko ; MapLibre chargé après le premier affichage)');
  const weights = weighEntries();
  console.table(weights);
  console.log('\nPages : décalage de mise en page (CLS) dans Chromium, fenêtre de bureau 1350 × 940');
  const shifts = await measureSignInCls();
  console.table(shifts);
  console.log(`\nPages : Lighthouse 12, bureau (performance ≥ ${PERFORMANCE_MIN}, accessibilité ${ACCESSIBILITY_MIN}, CLS < ${CLS_LIMIT})`);
  const scores = await measureLighthouse();
  console.table(scores);
  return weights.every((w) => w.ok) && shifts.every((s) => s.ok) && scores.every((s) => s.ok);
}

if (require.main === module) {
  reportPages()
    .then((ok) => {
      process.exitCode = ok ? 0 : 1;
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
