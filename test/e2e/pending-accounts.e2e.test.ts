/**
 * « Comptes en attente » in Chromium against the local stack (issue 18 point 7, ADR 0041): an
 * agent's first ProConnect-like sign-in leaves an account without a role; the administrator sees
 * it with its SIRET, the directory's organisation with that SIRET proposed, gives it a role with
 * the keyboard, reads the success in the live region; the agent's next token has the role. The
 * page passes axe-core's WCAG 2.1 A/AA rules; the menu shows it to administrators only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');

const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
/** Fictitious, with a valid check key. */
const SIRET = '44610000000012';
const AGENT = { email: 'lea.martin@caf.exemple.fr', givenName: 'Léa', familyName: 'Martin', siret: SIRET };

describe('the pending accounts page', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  async function signInAs(username: string): Promise<void> {
    await page.goto(`${stack.url}/#/connexion`);
    if (await page.getByRole('button', { name: 'Se déconnecter' }).count()) {
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
    }
    await page.locator(`input[name="username"][value="${username}"]`).check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading(username) }).waitFor();
  }

  beforeAll(async () => {
    ensureSpaBuilt();
    // The coordination's home (indicators) reads the commune reference and outlines of the Lot.
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-accounts-')) });
    api = apiClient(stack.url);
    // The CAF's entry gets its SIRET (the demo has none): the page proposes it for the agent.
    const token = await api.token('admin');
    const current = await api.call('GET', `/api/organisations/${caf.id}`, { token });
    const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token,
      body: { version: current.body.version, siret: SIRET },
    });
    expect(patched.status).toBe(200);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  it('lets the administrator give a role with the keyboard, the SIRET’s organisation proposed, and says so; the next token has it', async () => {
    const first = await api.call('POST', '/api/auth/dev/proconnect', { body: AGENT });
    expect(first.status).toBe(200);
    expect(first.body.account.role).toBeUndefined();

    await signInAs('pilote');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect(nav.getByRole('link', { name: 'Comptes en attente' }).count()).resolves.toBe(0);

    await signInAs('admin');
    await nav.getByRole('link', { name: 'Comptes en attente' }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptes en attente' }).waitFor();
    const form = page.getByRole('form', { name: 'Attribuer un rôle à Léa Martin' });
    await form.waitFor();
    await expect(form.getByText(SIRET).count()).resolves.toBe(1);
    const organisation = form.getByLabel('Structure');
    await expect(organisation.inputValue()).resolves.toBe(caf.id);
    await expect(form.getByText(`Proposée : ${caf.name}, dont le SIRET est celui déclaré.`).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, 'Comptes en attente');

    // Keyboard only: the role chosen from its select, then Tab to the organisation (kept) and the button.
    const role = form.getByLabel('Rôle');
    await role.focus();
    await role.selectOption('accueil');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(
      form
        .getByRole('button', { name: 'Attribuer' })
        .evaluate((b) => b === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Enter');

    const status = page.getByRole('status').filter({ hasText: 'Léa Martin' });
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain(`Léa Martin a désormais le rôle « Agent d'accueil » à ${caf.name}.`);
    await expect(status.getAttribute('aria-live')).resolves.toBe('polite');
    await page
      .getByText('Aucun compte en attente.')
      .waitFor()
      .catch(async () => {
        // Other accounts of this stack may remain: hers is gone in any case.
        await expect(form.count()).resolves.toBe(0);
      });
    await expectNoAxeViolations(page, 'Comptes en attente, après l’attribution');

    const next = await api.call('POST', '/api/auth/dev/proconnect', { body: AGENT });
    expect(next.body.account).toMatchObject({ role: 'accueil', organisationId: caf.id });
  });
});
