/**
 * The SPA in Chromium against the whole local stack (in-memory DynamoDB Local, Lot demo data):
 * sign in as a reception agent, read the directory, see every site on the map, read the API
 * reference; each page passes axe-core's WCAG 2.1 A/AA rules. Screenshots of each page go to
 * the temporary directory (their paths are printed) for a human look.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { startTestStack } from '../support/local-stack';
import { ensureSpaBuilt, expectNoAxeViolations, launchChromium } from '../support/browser';

const SCREENSHOTS = join(tmpdir(), 'relais-e2e-screenshots');

jest.setTimeout(120_000);

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`  capture d’écran : ${path}\n`);
}

/** What the page functions below use of the browser's globals (the tests compile without the DOM library). */
interface InPage {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}
interface ApiPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The demo sites as the API lists them, every page: the truth the screens must match. */
async function listAllSites(baseUrl: string, token: string, query = ''): Promise<Array<{ id: string; unconditionalReception: boolean }>> {
  const sites: Array<{ id: string; unconditionalReception: boolean }> = [];
  let cursor: string | null = null;
  do {
    const url = `${baseUrl}/api/sites?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as ApiPage<{ id: string; unconditionalReception: boolean }>;
    sites.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return sites;
}

describe('the web application on the local stack', () => {
  let stack: LocalStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let siteCount: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureSpaBuilt();
    // No commune reference and no online source: the coverage must say how to fix it.
    delete process.env.RELAIS_COMMUNES_FILE;
    delete process.env.RELAIS_COMMUNES_GEOJSON;
    process.env.RELAIS_GEO_API_URL = 'off';
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-')),
    });
    const tokenResponse = await fetch(`${stack.url}/api/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent.gramat' }),
    });
    expect(tokenResponse.status).toBe(200);
    const { accessToken } = (await tokenResponse.json()) as { accessToken: string };
    siteCount = (await listAllSites(stack.url, accessToken)).length;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    // A script error or a failed request shows in the console: it fails the step it happened in.
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  describe('signing in', () => {
    it('lists the demo users on an accessible sign-in page', async () => {
      await page.goto(stack.url);
      await expect(page.getAttribute('html', 'lang')).resolves.toBe('fr');
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      await page.locator('input[name="username"][value="agent.gramat"]').waitFor();
      expect(await page.locator('input[name="username"]').count()).toBeGreaterThanOrEqual(8);
      await expect(page.getByRole('link', { name: 'Aller au contenu' }).count()).resolves.toBe(1);

      await screenshot(page, '1-connexion');
      await expectNoAxeViolations(page, 'la page de connexion');
    });

    it('signs the reception agent of Gramat in and names them with their role in French', async () => {
      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();

      // A reception agent lands on « Nouvel accueil », its home.
      await page.getByRole('heading', { level: 1, name: 'Nouvel accueil' }).waitFor();
      await expect(page.getByRole('banner').getByText("Agent d'accueil", { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Se déconnecter' }).count()).resolves.toBe(1);
    });
  });

  describe('the directory', () => {
    it('shows every demo site (at least 20), with the unconditional reception badge', async () => {
      expect(siteCount).toBeGreaterThanOrEqual(20);
      // From the agent's home, through the menu.
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' }).click();
      await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
      await page.getByTestId('site-row').first().waitFor();
      await expect(page.getByTestId('site-row').count()).resolves.toBe(siteCount);
      expect(await page.getByTestId('sites-table').getByText('Accueil inconditionnel').count()).toBeGreaterThan(0);

      await screenshot(page, '2-annuaire');
      await expectNoAxeViolations(page, 'l’annuaire');
    });

    it('lets keyboard users skip to the content first', async () => {
      await page.reload();
      await page.getByTestId('site-row').first().waitFor();
      await page.keyboard.press('Tab');
      const skipLink = page.getByRole('link', { name: 'Aller au contenu' });
      await expect(skipLink.evaluate((link) => link === link.ownerDocument.activeElement)).resolves.toBe(true);
      await skipLink.press('Enter');
      await expect(page.getByRole('main').evaluate((main) => main === main.ownerDocument.activeElement)).resolves.toBe(true);
    });

    it('keeps only the unconditional reception sites when asked, as the API does', async () => {
      const token = await page.evaluate(() => {
        const { sessionStorage } = globalThis as unknown as InPage;
        return JSON.parse(sessionStorage.getItem('relais.session') ?? '{}').token as string;
      });
      const unconditional = await listAllSites(stack.url, token, '&unconditional=true');

      await page.getByLabel('Accueil inconditionnel seulement').check();
      await expect(page.getByTestId('site-row').count()).resolves.toBe(unconditional.length);
      await page.getByLabel('Accueil inconditionnel seulement').uncheck();
      await expect(page.getByTestId('site-row').count()).resolves.toBe(siteCount);
    });

    it('finds a site by the name of its town, accents and case aside', async () => {
      await page.getByLabel('Rechercher').fill('gramat');
      const rows = page.getByTestId('site-row');
      await expect(rows.count()).resolves.toBeGreaterThan(0);
      expect(await rows.count()).toBeLessThan(siteCount);
      for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain('gramat');
      await page.getByRole('button', { name: 'Effacer les filtres' }).click();
      await expect(rows.count()).resolves.toBe(siteCount);
    });
  });

  describe('the map', () => {
    it('draws one feature per site once MapLibre is idle, with the same sites listed below', async () => {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carte' }).click();
      await page.getByRole('heading', { level: 1, name: 'Carte' }).waitFor();
      const map = page.getByRole('region', { name: 'Carte des lieux d’accueil' });
      await map.and(page.locator('[data-map-state="ready"]')).waitFor({ timeout: 60_000 });

      expect(Number(await map.getAttribute('data-site-count'))).toBe(siteCount);
      await expect(page.getByTestId('map-site-item').count()).resolves.toBe(siteCount);

      await screenshot(page, '3-carte');
      await expectNoAxeViolations(page, 'la carte');
    });

    it('opens a site card from the list, and gives the focus back when it closes', async () => {
      const firstButton = page
        .getByTestId('map-site-item')
        .first()
        .getByRole('button', { name: /Voir sur la carte/ });
      const siteName = await page.getByTestId('map-site-item').first().getByRole('heading', { level: 3 }).textContent();
      await firstButton.click();

      const popup = page.locator('.maplibregl-popup');
      await popup.waitFor();
      await expect(popup.textContent()).resolves.toContain(siteName ?? '');
      await page.getByRole('button', { name: 'Fermer la fiche du lieu' }).click();
      await popup.waitFor({ state: 'detached' });
      await expect(firstButton.evaluate((button) => button === button.ownerDocument.activeElement)).resolves.toBe(true);
    });
  });

  describe('the API reference', () => {
    it('lists the operations of the OpenAPI document', async () => {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'API' }).click();
      await page.getByRole('heading', { level: 1, name: 'Référence de l’API' }).waitFor();
      await page.getByTestId('api-operation').first().waitFor();
      await expect(page.getByTestId('api-operation').filter({ hasText: '/api/sites' }).count()).resolves.toBeGreaterThan(0);

      await screenshot(page, '4-api');
      await expectNoAxeViolations(page, 'la référence de l’API');
    });
  });

  describe('the coverage without a commune reference', () => {
    it('tells the coordination what the operators must configure (the 503 problem’s detail)', async () => {
      await page.goto(`${stack.url}/#/connexion`);
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.locator('input[name="username"][value="pilote"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Couverture' }).click();
      const detail = page.getByTestId('coverage-error');
      await detail.waitFor();
      await expect(detail.textContent()).resolves.toContain('RELAIS_COMMUNES_FILE');
      await expectNoAxeViolations(page, 'la couverture indisponible');
      // The refused /api/coverage (503) and /api/communes/outlines (404) are the point of this step.
      expect(pageErrors.splice(0).every((e) => /\b(503|404)\b/.test(e))).toBe(true);
    });
  });

  describe('leaving', () => {
    it('returns to the sign-in page when the token is refused', async () => {
      await page.evaluate(() => {
        const { sessionStorage } = globalThis as unknown as InPage;
        const session = JSON.parse(sessionStorage.getItem('relais.session') ?? '{}');
        sessionStorage.setItem('relais.session', JSON.stringify({ ...session, token: 'not-a-valid-token' }));
      });
      // The API reference is public: come back through the directory, which is not.
      await page.goto(`${stack.url}/#/annuaire`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      await page.getByText('Votre session a expiré').waitFor();
      pageErrors.splice(0); // the refused /api/me is the point of this step
    });

    it('signs out with the sign-out button', async () => {
      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      // Signed in again at the page the address names (the directory), not at the home.
      await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      await expect(page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('relais.session'))).resolves.toBeNull();
    });
  });
});
