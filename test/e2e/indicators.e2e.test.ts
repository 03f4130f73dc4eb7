/**
 * The coordinator's indicators dashboard in Chromium against the whole local stack (Lot demo
 * data, real commune reference): a few receptions recorded through the API feed the observatory;
 * the nine indicators show with their targets; every chart draws on its canvas; the coverage map
 * loads; the XLSX export downloads and opens (read back with exceljs); axe-core reports no
 * WCAG 2.1 A/AA violation.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SCREENSHOTS = join(tmpdir(), 'relais-e2e-screenshots');
const CHARTS = ['chart-month', 'chart-theme', 'chart-channel', 'chart-territory', 'chart-unmet', 'chart-declined'];

jest.setTimeout(120_000);

describe('the indicators dashboard', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-indicators-')),
    });
    api = apiClient(stack.url);

    // The field records receptions, one referred and declined: the observatory has something to draw.
    const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;
    const token = await api.token('agent.gramat');
    const receptions = [
      { channel: 'site', themes: ['logement-hebergement'], anonymous: { communeCode: '46127' } },
      { channel: 'phone', themes: ['sante'], anonymous: { communeCode: '46102' } },
      { channel: 'site', themes: ['famille', 'sante'], anonymous: { communeCode: '46042' } },
    ];
    const ids: string[] = [];
    for (const r of receptions) {
      const res = await api.call('POST', '/api/receptions', { token, body: { siteId: gramat.siteId, ...r } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const cafId = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!.id;
    const referral = await api.call('POST', '/api/referrals', {
      token,
      body: {
        toOrganisationId: cafId,
        receptionId: ids[0],
        themes: ['logement-hebergement'],
        reason: 'Aide au logement',
        liaisonNote: 'À rappeler.',
      },
    });
    expect(referral.status).toBe(201);
    const declined = await api.call('POST', `/api/referrals/${referral.body.id}/decline`, {
      token: await api.token('partenaire.caf'),
      body: { reason: 'Plus de places', reasonCode: 'capacite_insuffisante' },
    });
    expect(declined.status).toBe(200);
    await stack.drain();

    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      acceptDownloads: true,
    });
    page = await context.newPage();
    errors = watchPageErrors(page);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  it('opens for the coordinator: the nine indicators with their targets, the charts drawn, the map, no axe violation', async () => {
    await page.goto(`${stack.url}/#/connexion`);
    await page.locator('input[name="username"][value="pilote"]').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The coordination lands on the indicators, its home.
    await page.getByRole('heading', { level: 1, name: 'Indicateurs et observatoire des besoins sociaux' }).waitFor();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Indicateurs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Indicateurs et observatoire des besoins sociaux' }).waitFor();

    await page.getByTestId('indicators').waitFor();
    await expect(page.getByTestId('indicators').locator('> li').count()).resolves.toBe(9);
    await expect(page.getByTestId('indicator-receptionPointsOnMap').textContent()).resolves.toMatch(/Cible : 100/);
    await expect(page.getByTestId('indicator-networkOrganisations').textContent()).resolves.toMatch(/Pas de cible fixée/);

    // Every chart has drawn pixels on its canvas, and its figures as a table.
    for (const id of CHARTS) {
      const canvas = page.getByTestId(id).locator('canvas');
      await canvas.waitFor();
      const drawn = await canvas.evaluate((node) => {
        const c = node as unknown as {
          width: number;
          height: number;
          getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
        };
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) painted++;
        return { width: c.width, painted };
      });
      expect(drawn.width).toBeGreaterThan(0);
      expect(drawn.painted).toBeGreaterThan(100);
      await expect(page.getByTestId(id).locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
    }
    await expect(page.getByTestId('chart-declined').locator('table').textContent()).resolves.toContain('Capacité insuffisante');

    await page.getByTestId('coverage-map').and(page.locator('[data-map-state="ready"]')).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'indicateurs.png'), fullPage: true });
    await expectNoAxeViolations(page, 'le tableau de bord des indicateurs');
  });

  it('downloads the XLSX report', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le rapport (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`relais-indicateurs-${new Date().getFullYear()}.xlsx`);
    await page.getByText(/Rapport \d{4} téléchargé \(XLSX\)/).waitFor();
    // The file the browser saved opens in an independent reader: the indicators, laid out.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.getWorksheet('Indicateurs')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Indicateur', 'Libellé', 'Définition', 'Cible', 'Valeur', 'Unité']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.columns.map((c) => c.width)).toEqual([34, 50, 90, 10, 10, 12]);
    expect(sheet.getColumn(1).values.slice(2)).toHaveLength(9);
    expect(book.getWorksheet('RDV manqués (total)')?.getRow(2).getCell(5).numFmt).toBe('0.0%');
  });
});
