/**
 * The coordination's screens in Chromium against the whole local stack, with the real commune
 * reference and outlines of the Lot: the coverage map (polygons, headline rate as the API
 * computes it), the directory management pages (organisations, sites, services, network events,
 * import and export), each passing axe-core's WCAG 2.1 A/AA rules; what a partner may and may not
 * edit; how refusals (400 fields, 409 conflict) reach the user.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SCREENSHOTS = join(tmpdir(), 'relais-e2e-screenshots');

/** Demo organisations (services/directory/demo/lot-demo.ts). */
const CAF = '01KDVDNA04X8YXG6K678TTZHBV';
const MISSION_LOCALE = '01KDVDNA08RX3M6FS8SWSXK0AY';
const CPAM = '01KDVDNA05W0R2X4N4NK3C8W67';
const MISSION_LOCALE_CAHORS_SITE = '01KDVDNB08VFERTR8X2WM4Z5JM';
const MSD_FIGEAC_SITE = '01KDVDNAZ9DP5Q24G4GXR1TCJ5';

jest.setTimeout(120_000);

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`  capture d’écran : ${path}\n`);
}

/** The French form of a rate, as the page writes it (the spaces may be narrow no-break spaces). */
const percent = (rate: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
const spaces = (text: string) => text.replace(/[\s\u202f\u00a0]+/g, ' ').trim();

describe('the coordination screens', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  let signedInAs: string | null = null;

  /** Signs in through the sign-in page (signing out first), unless `username` already is. */
  async function signInAs(username: string): Promise<void> {
    if (signedInAs === username) return;
    await page.goto(`${stack.url}/#/connexion`);
    if (await page.getByRole('button', { name: 'Se déconnecter' }).count()) {
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
    }
    await page.locator(`input[name="username"][value="${username}"]`).check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading(username) }).waitFor();
    signedInAs = username;
  }

  async function open(hash: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${stack.url}/${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    // Wait for what the page loads after its heading.
    // Every loading notice gone (a page may show several at once).
    await page.waitForFunction(
      () =>
        !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
          '.notice--info[role="status"]',
        ),
      undefined,
      { timeout: 30_000 },
    );
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-coordination-')),
    });
    api = apiClient(stack.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
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

  describe('the coverage map', () => {
    it('is in the menu of the coordination only', async () => {
      await signInAs('agent.gramat');
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      await expect(nav.getByRole('link', { name: 'Couverture' }).count()).resolves.toBe(0);
      await expect(nav.getByRole('link', { name: 'Import / export' }).count()).resolves.toBe(0);

      await signInAs('pilote');
      await expect(nav.getByRole('link', { name: 'Couverture' }).count()).resolves.toBe(1);
      await expect(nav.getByRole('link', { name: 'Import / export' }).count()).resolves.toBe(1);
    });

    it('draws each commune as a polygon from the outlines, with the headline rate the API computes', async () => {
      await signInAs('pilote');
      const token = await api.token('pilote');
      const coverage = await api.call('GET', '/api/coverage', { token });
      expect(coverage.status).toBe(200);
      const outlines = await api.call('GET', '/api/communes/outlines', { token });
      expect(outlines.status).toBe(200);
      const outlined = new Set((outlines.body.features as Array<{ properties: { code: string } }>).map((f) => f.properties.code));
      const drawable = (coverage.body.communes as Array<{ code: string }>).filter((c) => outlined.has(c.code)).length;
      expect(drawable).toBeGreaterThan(300);

      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Couverture' }).click();
      await page.getByRole('heading', { level: 1, name: 'Couverture du territoire' }).waitFor();
      const map = page.getByTestId('coverage-map');
      await map.and(page.locator('[data-map-state="ready"]')).waitFor({ timeout: 60_000 });
      await expect(map.getAttribute('data-geometry')).resolves.toBe('polygons');
      expect(Number(await map.getAttribute('data-feature-count'))).toBe(drawable);

      const headline = page.getByTestId('coverage-rate');
      expect(Number(await headline.getAttribute('data-rate'))).toBe(coverage.body.rate);
      expect(spaces((await headline.textContent()) ?? '')).toBe(
        spaces(`${percent(coverage.body.rate)}de la population à moins de ${coverage.body.thresholdMinutes} minutes`),
      );
      const gap = coverage.body.populationTotal - coverage.body.populationCovered;
      expect(spaces((await page.getByTestId('coverage-gap').textContent()) ?? '')).toContain(
        spaces(new Intl.NumberFormat('fr-FR').format(gap)),
      );

      await screenshot(page, 'coordination-1-couverture');
      await expectNoAxeViolations(page, 'la carte de couverture');
    });

    it('lists the communes in a table the user can sort', async () => {
      await signInAs('pilote');
      if ((await page.getByTestId('coverage-rate').count()) === 0) await open('#/couverture', 'Couverture du territoire');
      await page.getByLabel('Afficher aussi le tableau de toutes les communes').check();
      const table = page.getByRole('table', { name: 'Toutes les communes' });
      await table.waitFor();
      const populationHeader = table.getByRole('columnheader', { name: /Population/ });
      await populationHeader.getByRole('button').click();
      await expect(populationHeader.getAttribute('aria-sort')).resolves.toBe('descending');
      const firstRow = table.getByTestId('gap-row').first();
      await expect(firstRow.getByRole('rowheader').textContent()).resolves.toContain('Cahors');
      await expectNoAxeViolations(page, 'la couverture avec le tableau des communes');
    });

    it('recalculates on demand', async () => {
      await signInAs('pilote');
      if ((await page.getByTestId('coverage-rate').count()) === 0) await open('#/couverture', 'Couverture du territoire');
      await page.getByRole('button', { name: 'Recalculer maintenant' }).click();
      await page.getByText(/^Couverture recalculée/).waitFor({ timeout: 60_000 });
    });
  });

  describe('the directory management pages', () => {
    const pages: Array<[string, string | RegExp, string]> = [
      ['#/structures', 'Structures du réseau', 'la liste des structures'],
      [`#/structures/${CAF}`, 'CAF du Lot', 'la fiche d’une structure'],
      [`#/structures/${CAF}/modifier`, 'Modifier : CAF du Lot', 'le formulaire d’une structure'],
      ['#/structures/nouvelle', 'Nouvelle structure', 'la création d’une structure'],
      [`#/lieux/${MSD_FIGEAC_SITE}`, 'Maison des solidarités départementales de Figeac', 'le formulaire d’un lieu'],
      [`#/lieux/nouveau?structure=${CAF}`, 'Nouveau lieu d’accueil', 'la création d’un lieu'],
      [`#/services/nouveau?structure=${CAF}`, 'Nouveau service', 'la création d’un service'],
      ['#/reseau', 'Vie du réseau', 'la vie du réseau'],
      ['#/echanges', 'Import et export de l’annuaire', 'l’import et l’export'],
    ];

    it.each(pages)('%s passes axe-core for the coordination', async (hash, heading, name) => {
      await signInAs('pilote');
      await open(hash, heading);
      await screenshot(page, `coordination-page-${hash.replace(/[^a-z0-9]+/gi, '-')}`);
      await expectNoAxeViolations(page, name);
    });

    it('creates a site for an organisation, positioned at its commune when no coordinates are given', async () => {
      await signInAs('pilote');
      await open(`#/lieux/nouveau?structure=${CAF}`, 'Nouveau lieu d’accueil');
      await page.getByLabel(/^Nom du lieu/).fill('CAF du Lot – permanence de Gramat');
      await page.getByLabel(/^Adresse/).fill('Place de la République, 46500 Gramat');
      await page.getByRole('combobox', { name: 'Chercher la commune' }).fill('Gramat');
      await page
        .getByRole('listbox')
        .getByRole('option', { name: /Gramat/ })
        .click();
      await expect(page.getByLabel(/^Code commune INSEE/).inputValue()).resolves.toBe('46128');
      await expect(page.getByLabel(/^Code postal/).inputValue()).resolves.toBe('46500');
      // The hours as text: the hours editor's « saisie experte » (hours-editor.e2e.test.ts drives the grid).
      await page.getByText('Saisie experte').click();
      await page.getByLabel(/^Horaires/).fill('Tu 09:00-12:00');
      await page.getByText('mardi : 9 h à 12 h').waitFor();
      await page.getByRole('button', { name: 'Créer le lieu' }).click();
      await page.getByRole('heading', { level: 1, name: 'CAF du Lot – permanence de Gramat' }).waitFor();
      await page.getByText('Le lieu a été créé.').waitFor();
      const id = /#\/lieux\/([0-9A-Z]{26})$/.exec(page.url())?.[1];
      expect(id).toBeDefined();
      const created = await api.call('GET', `/api/sites/${id}`, { token: await api.token('pilote') });
      expect(created.body).toMatchObject({ communeCode: '46128', postalCode: '46500', locationSource: 'commune-centre' });
      // The centre of Gramat (shared/data/communes-centroids.csv), within a few hundred metres.
      expect(Math.abs(created.body.location.lon - 1.71639)).toBeLessThan(0.01);
      expect(Math.abs(created.body.location.lat - 44.76501)).toBeLessThan(0.01);
      await page.getByText(/Position actuelle : centre de la commune/).waitFor();
      await expectNoAxeViolations(page, 'un lieu qui vient d’être créé');
    });

    it('explains in French hours typed as a sentence, never with the hours library’s English', async () => {
      await signInAs('pilote');
      await open(`#/lieux/nouveau?structure=${CAF}`, 'Nouveau lieu d’accueil');
      await page.getByLabel(/^Nom du lieu/).fill('CAF du Lot – permanence du mardi');
      await page.getByLabel(/^Adresse/).fill('Place de la République, 46500 Gramat');
      await page.getByRole('combobox', { name: 'Chercher la commune' }).fill('Gramat');
      await page
        .getByRole('listbox')
        .getByRole('option', { name: /Gramat/ })
        .click();
      await page.getByText('Saisie experte').click();
      await page.getByLabel(/^Horaires/).fill('du lundi au vendredi de 9h à 12h');
      await page.getByRole('button', { name: 'Créer le lieu' }).click();
      await page.getByTestId('problem').waitFor();
      const described = await page.getByLabel(/^Horaires/).getAttribute('aria-describedby');
      const message = await page.locator(`[id="${(described ?? '').split(' ').at(-1)}"]`).textContent();
      expect(message).toMatch(/^Horaires non reconnus : écrivez-les comme Mo-Fr 09:00-12:00 \(format OpenStreetMap\)/);
      await expect(page.locator('main').textContent()).resolves.not.toMatch(/Token|ambiguous|canonical/);
      // The refused POST is the point of this step.
      expect(errors.take().every((e) => /400/.test(e))).toBe(true);
    });

    it('shows each refused field next to the field, and a summary that leads to it', async () => {
      await signInAs('pilote');
      await open(`#/structures/${CAF}/modifier`, 'Modifier : CAF du Lot');
      await page.getByLabel('SIRET').fill('12345');
      await page.getByLabel('Numéro pour les SMS').fill('0612');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      const summary = page.getByTestId('problem');
      await summary.waitFor();
      await expect(page.getByLabel('SIRET').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.getByLabel('Numéro pour les SMS').getAttribute('aria-invalid')).resolves.toBe('true');
      const described = await page.getByLabel('SIRET').getAttribute('aria-describedby');
      const message = await page.locator(`[id="${(described ?? '').split(' ').at(-1)}"]`).textContent();
      expect(message).toMatch(/SIRET/);
      await summary.getByRole('link', { name: /Numéro pour les SMS/ }).click();
      await expect(page.getByLabel('Numéro pour les SMS').evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
      await expectNoAxeViolations(page, 'un formulaire refusé');
      // The refused PATCH is the point of this step.
      expect(errors.take().every((e) => /400/.test(e))).toBe(true);
    });

    it('says that a record changed in the meantime (409) and offers to reload it', async () => {
      await signInAs('pilote');
      await open(`#/structures/${CPAM}/modifier`, /^Modifier : /);
      const token = await api.token('pilote');
      const current = await api.call('GET', `/api/organisations/${CPAM}`, { token });
      const meanwhile = await api.call('PATCH', `/api/organisations/${CPAM}`, {
        token,
        body: { description: 'Modifiée par quelqu’un d’autre.', version: current.body.version },
      });
      expect(meanwhile.status).toBe(200);

      await page.getByLabel('Présentation').fill('Ma version de la présentation.');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await page.getByText(/modifiée entre-temps/).waitFor();
      await expect(page.getByRole('button', { name: 'Recharger la fiche' }).count()).resolves.toBe(1);
      expect(errors.take().every((e) => /409/.test(e))).toBe(true);
    });

    it('records a network event with its participants, and counts the professionals reached', async () => {
      await signInAs('pilote');
      const year = new Date().getFullYear();
      await open('#/reseau', 'Vie du réseau');
      const before = Number((await page.getByTestId('reach-professionals').locator('.kpi__value').textContent())?.replace(/\D/g, ''));
      await page.getByLabel(/^Type/).last().selectOption('immersion');
      await page.getByLabel(/^Intitulé/).fill('Immersion croisée CAF – MSD de Figeac');
      await page.getByLabel(/^Date/).fill(`${year}-02-10`);
      await page.getByRole('button', { name: 'Ajouter un participant' }).click();
      const first = page.getByRole('group', { name: 'Participant n° 1' });
      await first.getByLabel(/^Nom et prénom/).fill('Jeanne Martin');
      await first.getByLabel(/^Structure/).selectOption(CAF);
      await page.getByRole('button', { name: 'Ajouter un participant' }).click();
      await page
        .getByRole('group', { name: 'Participant n° 2' })
        .getByLabel(/^Nom et prénom/)
        .fill('Paul Durand');
      await page.getByRole('button', { name: 'Enregistrer l’action' }).click();
      await page.getByText('Action « Immersion croisée CAF – MSD de Figeac » enregistrée.').waitFor();
      await page
        .getByRole('table', { name: `Actions de ${year}` })
        .getByText('Immersion croisée CAF – MSD de Figeac')
        .waitFor();
      await page
        .getByTestId('reach-professionals')
        .getByText(String(before + 2), { exact: true })
        .waitFor();
      await expectNoAxeViolations(page, 'la vie du réseau après un enregistrement');
    });

    it('exports the directory as data·inclusion, and imports a file with a report', async () => {
      await signInAs('pilote');
      await open('#/echanges', 'Import et export de l’annuaire');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Exporter (data·inclusion)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^relais-annuaire-data-inclusion-\d{4}-\d{2}-\d{2}\.json$/);
      const file = join(mkdtempSync(join(tmpdir(), 'relais-export-')), download.suggestedFilename());
      await download.saveAs(file);
      await page.getByLabel('Fichier data·inclusion (JSON)').setInputFiles(file);
      await page.getByRole('button', { name: 'Importer un fichier data·inclusion' }).click();
      const report = page.getByTestId('import-report');
      await report.waitFor({ timeout: 60_000 });
      await expect(report.getByText('Structures').count()).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(page, 'le rapport d’import');
    });
  });

  describe('a partner', () => {
    it('reads another organisation without any edit button', async () => {
      await signInAs('partenaire.caf');
      await open(`#/structures/${MISSION_LOCALE}`, 'Mission locale du Lot');
      await expect(page.getByTestId('edit-action').count()).resolves.toBe(0);
      await expect(page.getByRole('link', { name: 'Modifier la structure' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: /secret/ }).count()).resolves.toBe(0);
      await page.getByTestId('read-only').waitFor();
      await expectNoAxeViolations(page, 'la fiche d’une autre structure, pour un partenaire');

      await open(`#/lieux/${MISSION_LOCALE_CAHORS_SITE}`, /Mission locale du Lot/);
      await expect(page.getByRole('button', { name: /Enregistrer/ }).count()).resolves.toBe(0);
      await page.getByTestId('read-only').waitFor();
      await expectNoAxeViolations(page, 'le lieu d’une autre structure, pour un partenaire');
    });

    it('edits its own organisation, and creates its webhook secret, shown once', async () => {
      await signInAs('partenaire.caf');
      await open(`#/structures/${CAF}`, 'CAF du Lot');
      expect(await page.getByTestId('edit-action').count()).toBeGreaterThan(0);
      await expect(page.getByRole('link', { name: 'Modifier la structure' }).count()).resolves.toBe(1);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Générer un nouveau secret de signature' }).click();
      const secret = page.getByTestId('webhook-secret');
      await secret.waitFor();
      await expect(secret.getByText('il ne sera plus jamais affiché').count()).resolves.toBe(1);
      expect((await secret.getByRole('textbox').inputValue()).length).toBeGreaterThan(16);
      await expectNoAxeViolations(page, 'la fiche de sa structure, pour un partenaire');
    });
  });
  describe('the route table', () => {
    it('shows « Page introuvable » in the frame for an unknown address or a malformed id, the role gates, and the sign-in page to a visitor', async () => {
      await signInAs('pilote');
      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      for (const hash of ['#/nulle-part', '#/structures/pas-un-identifiant!', `#/structures/${CAF}/ailleurs`]) {
        await page.goto(`${stack.url}/${hash}`);
        await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
        // The header and the menu stay around it.
        await expect(nav.getByRole('link', { name: 'Indicateurs' }).count()).resolves.toBe(1);
      }
      // The address the exceptional-access notice sends leads to the page of those accesses.
      await page.goto(`${stack.url}/#/acces-exceptionnels`);
      await page.getByRole('heading', { level: 1, name: 'Accès exceptionnels' }).waitFor();
      expect(page.url()).toMatch(/#\/acces$/);
      await page.goto(`${stack.url}/#/nulle-part`);
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'annuaire' }).click();
      await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
      expect(page.url()).toMatch(/#\/annuaire$/);

      // The bare address leads a signed-in user to the role's home; a named page stays that page.
      await page.goto(`${stack.url}/`);
      await page.getByRole('heading', { level: 1, name: homeHeading('pilote') }).waitFor();
      await open(`#/lieux/nouveau?structure=${CAF}`, 'Nouveau lieu d’accueil');

      // A page for some roles only says so to the others, inside the frame.
      await open('#/personnes', 'Personnes');
      await page
        .getByText('Seuls les agents d’accueil, les travailleurs sociaux et les partenaires consultent les fiches des personnes.')
        .waitFor();
      await signInAs('agent.gramat');
      await open('#/indicateurs', 'Indicateurs');
      await page.getByText('Cette page est réservée à la coordination du réseau.').waitFor();

      // Signed out, every page but the API reference is the sign-in page.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      signedInAs = null;
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      expect(page.url()).toMatch(/#\/connexion$/);
      await page.goto(`${stack.url}/#/structures/${CAF}`);
      await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
      await page.goto(`${stack.url}/#/api`);
      await page.getByRole('heading', { level: 1, name: /API/ }).waitFor();
    });
  });
});
