/**
 * The public map (`/carte`) in Chromium against the whole local stack, with the real commune
 * reference of the Lot: no sign-in, every public reception point on the map and in the list,
 * the nearest points of a commune typed by a visitor, an accessible page (axe-core), and the
 * page embedded by an iframe of another origin, as the département's website does.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_SERVICES, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { apiClient, startTestStack } from '../support/local-stack';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, launchChromium, watchPageErrors } from '../support/browser';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SCREENSHOTS = join(tmpdir(), 'relais-e2e-screenshots');

jest.setTimeout(120_000);

interface PublicSite {
  id: string;
  name: string;
  communeCode: string;
  themes: string[];
}
interface Nearest {
  commune: { code: string; name: string };
  items: Array<{ site: PublicSite; minutes: number; km: number; method: 'estimate' | 'amazon-location' }>;
}

async function publicGet<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  process.stdout.write(`  capture d’écran : ${path}\n`);
}

/**
 * The page first draws a static preview (ADR 0050): the visitor engages with the map as anyone
 * would, with its « Carte interactive » button (a click in the page, which does nothing once the
 * interactive map has replaced the preview).
 */
async function engageMap(page: Page | ReturnType<Page['frameLocator']>): Promise<void> {
  await page.locator('[data-testid="public-map-preview"] button').evaluateAll((buttons) => {
    for (const button of buttons) (button as unknown as { click(): void }).click();
  });
}

/**
 * Waits until MapLibre, idle, has drawn `expected` distinct sites, and returns how many it drew
 * (the data attributes are set from `queryRenderedFeatures` on each `idle`).
 */
async function drawnSites(page: Page | ReturnType<Page['frameLocator']>, expected: number): Promise<number> {
  await engageMap(page);
  const map = page.getByTestId('public-map');
  await map.and(page.locator(`[data-map-state="ready"][data-site-count="${expected}"]`)).waitFor({ timeout: 60_000 });
  return Number(await map.getAttribute('data-site-count'));
}

describe('the public map', () => {
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };
  let sites: PublicSite[];
  /** Every request the page sent to the API, with its headers. */
  const apiRequests: Array<{ url: string; authorization: string | undefined }> = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureSpaBuilt();
    // The product finds its commune reference through these settings; the tests take the Lot's.
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-public-')),
    });
    sites = (await publicGet<{ items: PublicSite[] }>(`${stack.url}/api/public/sites`)).items;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 720 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/'))
        apiRequests.push({ url: request.url(), authorization: request.headers().authorization });
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  describe('without signing in', () => {
    it('draws every public reception point on the map and lists each of them, with no header of the signed-in app', async () => {
      expect(sites.length).toBeGreaterThanOrEqual(10);
      const response = await page.goto(`${stack.url}/carte`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Lieux d’accueil social' }).waitFor();

      expect(await drawnSites(page, sites.length)).toBe(sites.length);
      await expect(page.getByTestId('public-site-item').count()).resolves.toBe(sites.length);
      await expect(page.getByRole('navigation', { name: 'Navigation principale' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'Se connecter' }).count()).resolves.toBe(0);

      // Each list item says in words when the place is open: the list is the map's accessible alternative.
      const first = page.getByTestId('public-site-item').first();
      await expect(first.getByText(/^(Ouvert jusqu’à \S+|Ouvert maintenant|Fermé)/).count()).resolves.toBe(1);
      await expect(first.getByText(/Accessibilité/).count()).resolves.toBe(1);
      await expect(first.getByText(/^Mis à jour le \d{1,2} \S+ \d{4}/).count()).resolves.toBe(1);
      await expect(first.getByRole('link', { name: /^Itinéraire \(OpenStreetMap\)/ }).getAttribute('href')).resolves.toMatch(
        /^https:\/\/www\.openstreetmap\.org\/directions\?to=/,
      );
      await expect(first.getByRole('link', { name: 'Ouvrir dans l’application de cartes' }).getAttribute('href')).resolves.toMatch(/^geo:/);
      const withPhone = sites.filter((site) => (site as PublicSite & { phone?: string }).phone).length;
      await expect(page.locator('[data-testid="public-site-item"] a[href^="tel:+33"]').count()).resolves.toBe(withPhone);

      // The local base map: commune outlines from the configured file, and the names of the main towns on the map.
      await page.locator('[data-testid="public-map"][data-basemap="communes"]').waitFor({ timeout: 30_000 });
      await page
        .getByTestId('public-map')
        .locator('.map-label', { hasText: /^Cahors$/ })
        .waitFor();
      await expect(
        page
          .getByTestId('public-map')
          .locator('.map-label', { hasText: /^Figeac$/ })
          .count(),
      ).resolves.toBe(1);

      await screenshot(page, 'public-1-carte');
      await expectNoAxeViolations(page, 'la carte publique');
    });

    it('serves the base map as GeoJSON with an ETag, and answers 304 to a browser that has it', async () => {
      const first = await fetch(`${stack.url}/api/public/basemap`, { headers: { 'accept-encoding': 'gzip' } });
      expect(first.status).toBe(200);
      // Sent gzipped (neither gateway compresses API answers); fetch unzips it.
      expect(first.headers.get('content-encoding')).toBe('gzip');
      expect(first.headers.get('content-type')).toContain('application/geo+json');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toContain('public');
      const body = (await first.json()) as { features: Array<{ properties: { kind: string; name: string; main?: boolean } }> };
      expect(body.features.filter((f) => f.properties.kind === 'commune')).toHaveLength(312);
      const main = body.features.filter((f) => f.properties.kind === 'label' && f.properties.main).map((f) => f.properties.name);
      expect(main).toEqual(expect.arrayContaining(['Cahors', 'Figeac']));
      const again = await fetch(`${stack.url}/api/public/basemap`, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
    });

    it('calls only the public routes, never with a token', async () => {
      expect(apiRequests.length).toBeGreaterThan(0);
      for (const request of apiRequests) {
        expect(new URL(request.url).pathname).toMatch(/^\/api\/public\//);
        expect(request.authorization).toBeUndefined();
      }
    });

    it('keeps the points of one theme only, as the API does', async () => {
      const theme = 'numerique';
      const expected = (await publicGet<{ items: PublicSite[] }>(`${stack.url}/api/public/sites?theme=${theme}`)).items;
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(sites.length);

      await page.getByLabel('Thématique').selectOption(theme);
      await page.getByRole('heading', { level: 2, name: `Tous les lieux (${expected.length})` }).waitFor();
      await expect(page.getByTestId('public-site-item').count()).resolves.toBe(expected.length);
      expect(await drawnSites(page, expected.length)).toBe(expected.length);

      await page.getByLabel('Thématique').selectOption('');
      await page.getByRole('heading', { level: 2, name: `Tous les lieux (${sites.length})` }).waitFor();
    });

    it('keeps the places open now with the keyboard, in the address to share, and restores the filters from it', async () => {
      const theme = 'numerique';
      const themed = (
        await publicGet<{ items: Array<PublicSite & { openNow: boolean | null }> }>(`${stack.url}/api/public/sites?theme=${theme}`)
      ).items;
      const open = themed.filter((site) => site.openNow === true).length;

      await page.getByLabel('Thématique').selectOption(theme);
      await page.getByRole('checkbox', { name: 'Ouvert maintenant' }).focus();
      await page.keyboard.press('Space');
      await page.getByRole('heading', { level: 2, name: `Lieux ouverts maintenant (${open})` }).waitFor();
      await expect(page.getByTestId('public-site-item').count()).resolves.toBe(open);
      expect(await drawnSites(page, open)).toBe(open);
      const shared = new URL(page.url());
      expect([shared.pathname, shared.searchParams.get('theme'), shared.searchParams.get('ouvert')]).toEqual(['/carte', theme, '1']);

      // The same address opened elsewhere (a link, an iframe) shows the same view.
      const other = await context.newPage();
      try {
        await other.goto(shared.href);
        await other.getByRole('heading', { level: 2, name: `Lieux ouverts maintenant (${open})` }).waitFor();
        await expect(other.getByRole('checkbox', { name: 'Ouvert maintenant' }).isChecked()).resolves.toBe(true);
        await expect(other.getByLabel('Thématique').inputValue()).resolves.toBe(theme);
      } finally {
        await other.close();
      }

      await page.getByRole('checkbox', { name: 'Ouvert maintenant' }).uncheck();
      await page.getByLabel('Thématique').selectOption('');
      await page.getByRole('heading', { level: 2, name: `Tous les lieux (${sites.length})` }).waitFor();
      expect(new URL(page.url()).search).toBe('');
    });
  });

  describe('around me', () => {
    it('asks the browser for the position only on « Autour de moi », then lists the places from the nearest', async () => {
      // Figeac's town hall, granted to the page as a phone would.
      const here = { latitude: 44.6086, longitude: 2.0317 };
      const located = await browser.newContext({
        viewport: { width: 1100, height: 720 },
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        geolocation: here,
        permissions: ['geolocation'],
      });
      try {
        const near = await located.newPage();
        const nearErrors = watchPageErrors(near);
        // Counts the page's requests for the position.
        await near.addInitScript(() => {
          const g = globalThis as unknown as {
            navigator: { geolocation: { getCurrentPosition: (...args: unknown[]) => void } };
            positionRequests: number;
          };
          g.positionRequests = 0;
          const original = g.navigator.geolocation.getCurrentPosition.bind(g.navigator.geolocation);
          g.navigator.geolocation.getCurrentPosition = (...args: unknown[]) => {
            g.positionRequests += 1;
            original(...args);
          };
        });
        await near.goto(`${stack.url}/carte`);
        expect(await drawnSites(near, sites.length)).toBe(sites.length);
        const asked = () => near.evaluate(() => (globalThis as unknown as { positionRequests: number }).positionRequests);
        await expect(asked()).resolves.toBe(0);

        await near.getByRole('button', { name: 'Autour de moi' }).click();
        await near.getByTestId('around-me').waitFor();
        await expect(asked()).resolves.toBe(1);
        const km = (await near
          .locator('[data-testid="public-site-item"] [data-km]')
          .evaluateAll((nodes) => nodes.map((node) => Number((node as unknown as { dataset: { km: string } }).dataset.km)))) as number[];
        expect(km).toHaveLength(sites.length);
        expect(km).toEqual([...km].sort((a, b) => a - b));
        // Figeac has public places: the first is in Figeac, a few km at most away.
        expect(km[0]).toBeLessThan(5);
        await expect(
          near
            .getByTestId('public-site-item')
            .first()
            .getByText(/^à \d+,\d km$/)
            .count(),
        ).resolves.toBe(1);
        // The three nearest are drawn apart on the map.
        await near.locator('[data-testid="public-map"][data-map-state="ready"][data-highlight-count="3"]').waitFor({ timeout: 30_000 });
        await screenshot(near, 'public-5-autour-de-moi');
        await expectNoAxeViolations(near, 'la carte publique autour de moi');
        expect(nearErrors.take()).toEqual([]);
      } finally {
        await located.close();
      }
    });
  });

  describe('finding the nearest point from a commune', () => {
    it('suggests Figeac as the visitor types, then shows the nearest points, in Figeac first, with minutes and kilometres', async () => {
      const expected = await publicGet<Nearest>(`${stack.url}/api/public/sites/nearest?commune=46102&limit=3`);
      const firstExpected = expected.items[0];
      expect(firstExpected?.site.communeCode).toBe('46102');

      const field = page.getByRole('combobox', { name: 'Trouver le lieu le plus proche de ma commune' });
      await field.fill('figea');
      const option = page.getByRole('listbox').getByRole('option', { name: /Figeac/ });
      await option.waitFor();
      await expect(field.getAttribute('aria-expanded')).resolves.toBe('true');
      await option.click();

      await page.getByRole('heading', { level: 2, name: 'Les plus proches de Figeac' }).waitFor();
      const items = page.getByTestId('nearest-item');
      await expect(items.count()).resolves.toBe(expected.items.length);
      const first = items.first();
      await expect(first.getAttribute('data-commune-code')).resolves.toBe('46102');
      await expect(first.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(firstExpected?.site.name);
      const travel = (await first.textContent()) ?? '';
      expect(travel).toContain(`environ ${Math.max(1, Math.round(firstExpected?.minutes ?? 0))} min en voiture`);
      expect(travel).toMatch(/\d+,\d km/);
      if (firstExpected?.method === 'estimate') expect(travel).toContain('Estimation à partir de la distance');

      // The nearest points are drawn apart on the map.
      const map = page.getByTestId('public-map');
      await page.locator(`[data-testid="public-map"][data-map-state="ready"][data-highlight-count="${expected.items.length}"]`).waitFor({
        timeout: 30_000,
      });
      expect(Number(await map.getAttribute('data-highlight-count'))).toBe(expected.items.length);

      await screenshot(page, 'public-2-figeac');
      await expectNoAxeViolations(page, 'la carte publique après le choix d’une commune');
    });

    it('works with the keyboard only: arrows through the suggestions, Enter to choose', async () => {
      const field = page.getByRole('combobox', { name: 'Trouver le lieu le plus proche de ma commune' });
      await field.fill('');
      await field.focus();
      await page.keyboard.type('cahor');
      await page
        .getByRole('listbox')
        .getByRole('option', { name: /Cahors/ })
        .waitFor();
      await page.keyboard.press('ArrowDown');
      const active = await field.getAttribute('aria-activedescendant');
      expect(active).toBeTruthy();
      await expect(page.locator(`[id="${active}"]`).getAttribute('aria-selected')).resolves.toBe('true');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Les plus proches de Cahors' }).waitFor();
      await expect(page.getByTestId('nearest-item').first().getAttribute('data-commune-code')).resolves.toBe('46042');
    });
  });

  /** Nothing wider than the screen: no sideways scrolling (WCAG 1.4.10). */
  async function noSidewaysScroll(small: Page): Promise<void> {
    const widths = await small.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  }

  describe('on a phone', () => {
    it('stacks the search, the map and the list, and still passes axe', async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true, hasTouch: true });
      try {
        const small = await phone.newPage();
        const phoneErrors = watchPageErrors(small);
        await small.goto(`${stack.url}/carte`);
        expect(await drawnSites(small, sites.length)).toBe(sites.length);
        const widths = await small.evaluate(() => {
          const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
          return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
        });
        // Nothing wider than the screen: no sideways scrolling (WCAG 1.4.10).
        expect(widths.scroll).toBeLessThanOrEqual(widths.client);
        await screenshot(small, 'public-3-telephone');
        await noSidewaysScroll(small);
        await expectNoAxeViolations(small, 'la carte publique sur téléphone');
        expect(phoneErrors.take()).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  });

  describe('at 320 px and at 200 % zoom (WCAG 1.4.10 and 1.4.4)', () => {
    it('at 320 px wide: no sideways scroll, the filters and the list usable', async () => {
      const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'fr-FR', isMobile: true, hasTouch: true });
      try {
        const small = await narrow.newPage();
        const smallErrors = watchPageErrors(small);
        await small.goto(`${stack.url}/carte`);
        expect(await drawnSites(small, sites.length)).toBe(sites.length);
        await noSidewaysScroll(small);
        // The list is usable: its first place's call and directions links are on screen once scrolled to.
        const first = small.getByTestId('public-site-item').first();
        await first.getByRole('link', { name: /^Itinéraire/ }).scrollIntoViewIfNeeded();
        await expect(first.getByRole('link', { name: /^Itinéraire/ }).isVisible()).resolves.toBe(true);
        await small.getByRole('checkbox', { name: 'Ouvert maintenant' }).check();
        await small.getByRole('heading', { level: 2, name: /^Lieux ouverts maintenant \(\d+\)$/ }).waitFor();
        await noSidewaysScroll(small);
        await screenshot(small, 'public-6-320px');
        await expectNoAxeViolations(small, 'la carte publique à 320 px');
        expect(smallErrors.take()).toEqual([]);
      } finally {
        await narrow.close();
      }
    });

    it('at 200 % zoom (a 1280 × 800 window zoomed twice): text at least as large, every control reached with Tab', async () => {
      const zoomed = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, locale: 'fr-FR' });
      try {
        const big = await zoomed.newPage();
        const bigErrors = watchPageErrors(big);
        await big.goto(`${stack.url}/carte`);
        expect(await drawnSites(big, sites.length)).toBe(sites.length);
        await noSidewaysScroll(big);
        const smallest = await big.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }).document;
          const win = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
          return Math.min(
            ...Array.from(doc.querySelectorAll('.public-site p, .public-map label, .public-map button')).map((e) =>
              parseFloat(win.getComputedStyle(e).fontSize),
            ),
          );
        });
        expect(smallest).toBeGreaterThanOrEqual(12);
        // Tab reaches the filters and « Autour de moi », each brought on screen.
        for (const control of [
          big.getByLabel('Thématique'),
          big.getByRole('checkbox', { name: 'Ouvert maintenant' }),
          big.getByRole('button', { name: 'Autour de moi' }),
        ]) {
          for (
            let i = 0;
            i < 20 && !(await control.evaluate((e) => e === (e.ownerDocument as unknown as { activeElement: unknown }).activeElement));
            i++
          )
            await big.keyboard.press('Tab');
          await expect(
            control.evaluate((e) => e === (e.ownerDocument as unknown as { activeElement: unknown }).activeElement),
          ).resolves.toBe(true);
          await expect(control.isVisible()).resolves.toBe(true);
          const box = await control.boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= 640).toBe(true);
        }
        await screenshot(big, 'public-7-zoom-200');
        await expectNoAxeViolations(big, 'la carte publique à 200 %');
        expect(bigErrors.take()).toEqual([]);
      } finally {
        await zoomed.close();
      }
    });
  });

  describe('embedded in another site', () => {
    let host: Server;
    let hostUrl: string;

    beforeAll(async () => {
      // Another origin (127.0.0.1 is not localhost) holding the map as the département's website would.
      host = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Site du département</title></head><body><main><h1>Trouver un lieu d’accueil</h1><iframe src="${stack.url}/carte" title="Carte des lieux d’accueil social" width="820" height="700" style="border:0"></iframe></main></body></html>`,
        );
      });
      await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
      hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    });

    afterAll(async () => {
      await new Promise<void>((done) => host.close(() => done()));
    });

    it('answers /carte with frame-ancestors from the settings (any origin by default), and keeps the rest unframeable', async () => {
      const map = await fetch(`${stack.url}/carte`);
      expect(map.headers.get('content-security-policy')).toContain('frame-ancestors *');
      expect(map.headers.get('x-frame-options')).toBeNull();
      const deeper = await fetch(`${stack.url}/carte/46`);
      expect(deeper.headers.get('content-security-policy')).toContain('frame-ancestors *');
      const app = await fetch(`${stack.url}/`);
      expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(app.headers.get('x-frame-options')).toBe('DENY');
    });

    it('works inside the iframe of another origin', async () => {
      const embedding = await context.newPage();
      const embeddingErrors = watchPageErrors(embedding);
      try {
        await embedding.goto(hostUrl);
        const frame = embedding.frameLocator('iframe[title="Carte des lieux d’accueil social"]');
        expect(await drawnSites(frame, sites.length)).toBe(sites.length);
        await expect(frame.getByTestId('public-site-item').count()).resolves.toBe(sites.length);

        await frame.getByRole('combobox', { name: 'Trouver le lieu le plus proche de ma commune' }).fill('Figeac');
        await frame
          .getByRole('listbox')
          .getByRole('option', { name: /Figeac/ })
          .click();
        await expect(frame.getByTestId('nearest-item').first().getAttribute('data-commune-code')).resolves.toBe('46102');
        await screenshot(embedding, 'public-4-iframe');
        expect(embeddingErrors.take()).toEqual([]);
      } finally {
        await embedding.close();
      }
    });
  });

  describe('the static preview first (ADR 0050)', () => {
    it('draws every place and the main towns without MapLibre, then opens the clicked place’s popup on the interactive map', async () => {
      const first = await context.newPage();
      const firstErrors = watchPageErrors(first);
      const scripts: string[] = [];
      first.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      try {
        await first.goto(`${stack.url}/carte`);
        const preview = first.getByTestId('public-map-preview');
        await preview.locator(`svg[data-point-count="${sites.length}"]`).waitFor();
        // The list and the preview are there; the map library is not even requested yet (it loads on engagement, or long after).
        await expect(first.getByTestId('public-site-item').count()).resolves.toBe(sites.length);
        expect(scripts.filter((path) => /map-base|public-site-map/.test(path))).toEqual([]);
        // The commune outlines and the main towns' names, from the base map the interactive map uses too.
        await preview.locator('path').first().waitFor({ state: 'attached' });
        await preview.locator('text', { hasText: /^Cahors$/ }).waitFor();
        await expect(preview.locator('text', { hasText: /^Figeac$/ }).count()).resolves.toBe(1);
        await expect(preview.getByRole('button', { name: 'Carte interactive' }).isVisible()).resolves.toBe(true);
        await screenshot(first, 'public-9-apercu');
        await expectNoAxeViolations(first, 'l’aperçu de la carte publique');

        // A click on a place of the preview: the interactive map comes, with that place's popup.
        const centres = await preview
          .locator('circle')
          .evaluateAll((circles) =>
            circles.map((c) => ({
              id: c.getAttribute('data-site-id') ?? '',
              x: Number(c.getAttribute('cx')),
              y: Number(c.getAttribute('cy')),
            })),
          );
        const svgBox = await preview.locator('svg').boundingBox();
        const buttonBox = await preview.getByRole('button', { name: 'Carte interactive' }).boundingBox();
        expect(svgBox && buttonBox).toBeTruthy();
        const underButton = (c: { x: number; y: number }) =>
          !!svgBox &&
          !!buttonBox &&
          svgBox.x + c.x > buttonBox.x - 16 &&
          svgBox.x + c.x < buttonBox.x + buttonBox.width + 16 &&
          svgBox.y + c.y > buttonBox.y - 16 &&
          svgBox.y + c.y < buttonBox.y + buttonBox.height + 16;
        // A place with a phone, clear of the button; others may share its town's centre (the nearest under the pointer is taken).
        const withPhone = new Set(sites.filter((site) => (site as PublicSite & { phone?: string }).phone).map((site) => site.id));
        const mine = centres.find((c) => withPhone.has(c.id) && !underButton(c));
        expect(mine).toBeDefined();
        const together = centres.filter((c) => mine && Math.hypot(c.x - mine.x, c.y - mine.y) < 0.5).map((c) => c.id);
        await first.mouse.click((svgBox?.x ?? 0) + (mine?.x ?? 0), (svgBox?.y ?? 0) + (mine?.y ?? 0));
        await first.locator('[data-testid="public-map"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
        const popup = first.locator('.maplibregl-popup');
        await popup.waitFor();
        const title = await popup.locator('.map-popup__title').first().textContent();
        expect(sites.filter((site) => together.includes(site.id)).map((site) => site.name)).toContain(title);
        await expect(popup.locator('a[href^="tel:+33"]').count()).resolves.toBeGreaterThan(0);
        await expect(popup.getByRole('link', { name: 'Itinéraire (OpenStreetMap)' }).first().getAttribute('href')).resolves.toMatch(
          /^https:\/\/www\.openstreetmap\.org\/directions\?to=/,
        );
        await expect(first.getByTestId('public-map-preview').count()).resolves.toBe(0);
        expect(scripts.some((path) => /map-base/.test(path))).toBe(true);
        expect(firstErrors.take()).toEqual([]);
      } finally {
        await first.close();
      }
    });

    it('reaches « Carte interactive » with Tab, then goes on to the interactive map itself', async () => {
      const keyboard = await context.newPage();
      const keyboardErrors = watchPageErrors(keyboard);
      try {
        await keyboard.goto(`${stack.url}/carte`);
        const button = keyboard.getByTestId('public-map-preview').getByRole('button', { name: 'Carte interactive' });
        await button.waitFor();
        // Where the focus is, read in one step of the page: the button may go (the map replaces the preview as soon as it
        // is focused) between two steps, and a Tab pressed then would move the focus on from the canvas.
        const focus = () =>
          keyboard.evaluate(() => {
            const active = (
              globalThis as unknown as {
                document: { activeElement: { tagName: string; textContent: string | null; classList: { contains(c: string): boolean } } | null };
              }
            ).document.activeElement;
            if (active?.classList.contains('maplibregl-canvas')) return 'canvas';
            return active?.tagName === 'BUTTON' && active.textContent?.trim() === 'Carte interactive' ? 'button' : 'elsewhere';
          });
        for (let i = 0; i < 30 && (await focus()) === 'elsewhere'; i++) await keyboard.keyboard.press('Tab');
        await keyboard.locator('[data-testid="public-map"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
        // The button went with the preview: the focus is on MapLibre's canvas, named for screen readers, not lost on the page.
        const active = await keyboard.evaluate(() => {
          const doc = (
            globalThis as unknown as { document: { activeElement: { className: string; getAttribute(n: string): string | null } | null } }
          ).document;
          return { className: String(doc.activeElement?.className ?? ''), label: doc.activeElement?.getAttribute('aria-label') ?? '' };
        });
        expect(active.className).toContain('maplibregl-canvas');
        expect(active.label).toMatch(/^Carte interactive/);
        expect(keyboardErrors.take()).toEqual([]);
      } finally {
        await keyboard.close();
      }
    });
  });

  // Last: it puts one more place on the map, which the counts above do not expect.
  describe('the services of each place', () => {
    it('lists the CAF’s services in its place’s popup and in the list, once the coordination shows its Cahors accueil', async () => {
      const cafCahors = DEMO_SITES.find((site) => site.name === 'CAF du Lot – accueil de Cahors');
      expect(cafCahors).toBeDefined();
      const expected = DEMO_SERVICES.filter(
        (service) => service.organisationId === cafCahors?.organisationId && (!service.siteId || service.siteId === cafCahors?.id),
      );
      expect(expected.length).toBeGreaterThanOrEqual(2);
      // The CAF's accueil is not an unconditional reception point in the demo: the coordinator makes it one.
      const api = apiClient(stack.url);
      const pilote = await api.token('pilote');
      const current = await api.call('GET', `/api/sites/${cafCahors?.id}`, { token: pilote });
      const shown = await api.call('PATCH', `/api/sites/${cafCahors?.id}`, {
        token: pilote,
        body: { version: current.body.version, unconditionalReception: true, onPublicMap: true },
      });
      expect(shown.body.publication).toBe('approved');

      const cafPage = await context.newPage();
      const cafErrors = watchPageErrors(cafPage);
      try {
        await cafPage.goto(`${stack.url}/carte`);
        expect(await drawnSites(cafPage, sites.length + 1)).toBe(sites.length + 1);
        const item = cafPage
          .getByTestId('public-site-item')
          .filter({ has: cafPage.getByRole('heading', { level: 3, name: cafCahors?.name }) });
        const listed = item.getByTestId('public-site-services');
        await expect(listed.getByRole('listitem').count()).resolves.toBe(expected.length);
        for (const service of expected) await expect(listed.getByText(service.name).count()).resolves.toBe(1);
        await expect(listed.getByText(/Gratuit · En présentiel, À distance · Pour : Familles/).count()).resolves.toBeGreaterThan(0);

        await item.getByRole('button', { name: /Voir sur la carte/ }).click();
        const popup = cafPage.locator('.maplibregl-popup');
        await popup.waitFor();
        const services = popup.getByTestId('popup-services');
        await expect(services.getByRole('listitem').count()).resolves.toBe(expected.length);
        for (const service of expected) await expect(services.getByText(service.name).count()).resolves.toBe(1);
        await expect(popup.getByText(/^Accessibilité : /).count()).resolves.toBe(1);
        await expect(popup.getByText(/^Thématiques : /).count()).resolves.toBe(1);
        await expect(popup.getByText(/^Mis à jour le \d{1,2} \S+ \d{4}/).count()).resolves.toBe(1);
        await screenshot(cafPage, 'public-8-services-caf');
        await expectNoAxeViolations(cafPage, 'la fiche d’un lieu et ses services');
        expect(cafErrors.take()).toEqual([]);
      } finally {
        await cafPage.close();
      }
    });
  });
});
