/**
 * Corrections in Chromium against the local stack (issue 14, ADR 0028): on a person's page, the
 * organisation that recorded her corrects her phone (with a reason); in her history, it corrects
 * a reception's themes, then cancels it with a reason — the reception stays, marked « Annulé ».
 * Each state of the page passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const GRAMAT = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;

jest.setTimeout(120_000);

describe('corrections in the browser', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };
  let personId = '';
  let receptionId = '';

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-corrections-')),
    });
    await stack.drain();
    api = apiClient(stack.url);
    const token = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token,
      body: {
        lastName: 'Corrigée',
        firstName: 'Inès',
        birthDate: '1988-09-01',
        phone: '06 11 22 33 44',
        consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    personId = person.body.id;
    const reception = await api.call('POST', '/api/receptions', {
      token,
      body: { siteId: GRAMAT.siteId, channel: 'site', personId, themes: ['numerique'], summary: 'Aide à la déclaration en ligne' },
    });
    expect(reception.status).toBe(201);
    receptionId = reception.body.id;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
    await page.goto(`${stack.url}/#/connexion`);
    await page.locator('input[name="username"][value="agent.gramat"]').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading('agent.gramat') }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  const openPerson = async () => {
    await page.goto(`${stack.url}/#/personnes/${personId}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Inès/ }).waitFor();
  };

  it('corrects her phone with a reason; a missing reason is refused in the form first', async () => {
    await openPerson();
    await page.getByRole('button', { name: 'Corriger son identité ou ses coordonnées' }).click();
    const form = page.getByTestId('person-edit-form');
    await form.waitFor();
    await expectNoAxeViolations(page, 'correction d’une personne');
    await form.getByLabel('Téléphone').fill('07 55 44 33 22');
    await form.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await form.getByTestId('problem').waitFor();
    await expect(form.getByTestId('problem').innerText()).resolves.toContain('Motif de la correction');
    await form.getByLabel('Motif de la correction').fill('Nouveau numéro donné ce jour');
    await form.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('La fiche a été corrigée.').waitFor();
    await expect(page.getByTestId('identity').innerText()).resolves.toMatch(/07 55 44 33 22/);
    await expectNoAxeViolations(page, 'fiche corrigée');
    const stored = await api.call('GET', `/api/persons/${personId}/history`, { token: await api.token('agent.gramat') });
    expect(stored.body.person).toMatchObject({ phone: '+33755443322', version: 2 });
  });

  it('corrects a reception’s themes, then cancels it: it stays in her history, marked « Annulé »', async () => {
    await openPerson();
    const timeline = page.getByTestId('person-timeline');
    await timeline.getByRole('button', { name: 'Corriger cet accueil' }).click();
    const form = page.getByTestId('reception-edit-form');
    await form.waitFor();
    await expectNoAxeViolations(page, 'correction d’un accueil');
    await form.getByRole('button', { name: /^Retirer/ }).first().click();
    const themes = form.getByRole('combobox', { name: /Thématiques/ });
    await themes.fill('loge');
    await page.getByRole('listbox', { name: 'Suggestions : thématiques' }).getByRole('option').first().waitFor();
    await themes.press('Enter');
    await form.getByLabel('Motif de la correction').fill('Thématique saisie par erreur');
    await form.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('L’accueil a été corrigé.').waitFor();
    const corrected = await api.call('GET', `/api/persons/${personId}/history`, { token: await api.token('agent.gramat') });
    const reception = corrected.body.receptions.find((r: { id: string }) => r.id === receptionId);
    expect(reception.version).toBe(2);
    expect(reception.themes).not.toContain('numerique');
    expect(reception.themes.length).toBe(1);

    await timeline.getByRole('button', { name: 'Annuler cet accueil' }).click();
    const cancel = page.getByTestId('reception-cancel-form');
    await cancel.waitFor();
    await cancel.getByLabel('Motif de l’annulation').fill('Accueil saisi deux fois');
    await cancel.getByRole('button', { name: 'Annuler cet accueil' }).click();
    await page.getByText('L’accueil a été annulé.').waitFor();
    await timeline.getByTestId('reception-cancelled').waitFor();
    await expect(timeline.innerText()).resolves.toContain('Accueil saisi deux fois');
    expect(await timeline.getByRole('button', { name: 'Corriger cet accueil' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'accueil annulé');
  });

  it('lets the person read a reception’s summary: the correction sets « visible par la personne » (issue 15 point 6)', async () => {
    const token = await api.token('agent.gramat');
    const created = await api.call('POST', '/api/receptions', {
      token,
      body: { siteId: GRAMAT.siteId, channel: 'phone', personId, themes: ['numerique'], summary: 'Recherche d’un logement plus petit' },
    });
    expect(created.status).toBe(201);
    expect(created.body.summaryVisibleToPerson).toBeFalsy();
    await openPerson();
    const timeline = page.getByTestId('person-timeline');
    await timeline.getByRole('button', { name: 'Corriger cet accueil' }).click();
    const form = page.getByTestId('reception-edit-form');
    await form.waitFor();
    const visible = form.getByRole('checkbox', { name: /La personne peut lire ce résumé/ });
    await expect(visible.isChecked()).resolves.toBe(false);
    await visible.check();
    await form.getByLabel('Motif de la correction').fill('La personne a demandé à pouvoir le relire');
    await expectNoAxeViolations(page, 'correction de la visibilité du résumé');
    await form.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('L’accueil a été corrigé.').waitFor();
    const stored = await api.call('GET', `/api/persons/${personId}/history`, { token });
    const reception = stored.body.receptions.find((r: { id: string }) => r.id === created.body.id);
    expect(reception).toMatchObject({ summaryVisibleToPerson: true, version: 2, summary: 'Recherche d’un logement plus petit' });

    // Opened again, the form shows the value now stored.
    await timeline.getByRole('button', { name: 'Corriger cet accueil' }).click();
    await expect(page.getByTestId('reception-edit-form').getByRole('checkbox', { name: /La personne peut lire ce résumé/ }).isChecked()).resolves.toBe(
      true,
    );
  });
});
