/**
 * The coordination chooses where an organisation's appointments are booked (ADR 0042), in
 * Chromium against the local stack: « Prise de rendez-vous » in the organisation's form —
 * RDV-Service-Public with its instance, its reference and the NAME of the key's secret, read back
 * through the API exactly as typed and shown again when the form is reopened; wrong values
 * refused in French beside their field, nothing written; kept when the partner edits its own
 * entry (whose form does not offer the choice); back to Relais' own book. Reopened in the SPA
 * right after a save, the form starts from what was saved, not from the copy read before. The
 * form passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const CAF = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

const CHOICE = {
  kind: 'rdv-service-public',
  baseUrl: 'https://www.rdv-solidarites.fr',
  organisationRef: '1090',
  tokenSecretName: 'caf-du-lot',
};

describe('the organisation’s appointment book in its form', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  /** A fresh browser context for each user (the session is kept in the context's storage). */
  const signIn = async (username: string) => {
    if (page) expect(errors.take()).toEqual([]);
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
    await page.goto(`${stack.url}/#/connexion`);
    await page.locator(`input[name="username"][value="${username}"]`).check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading(username) }).waitFor();
  };

  /** The CAF's form, loaded (its fields drawn from the organisation read). */
  const openForm = async () => {
    await page.goto(`${stack.url}/#/structures/${CAF.id}/modifier`);
    await page.getByRole('heading', { level: 1, name: `Modifier : ${CAF.name}` }).waitFor();
    await page.getByLabel('Présentation').waitFor();
  };

  const section = () => page.getByRole('group', { name: 'Prise de rendez-vous' });
  const baseUrl = () => page.getByLabel(/^Adresse de l’instance RDV-Service-Public/);
  const organisationRef = () => page.getByLabel(/^Identifiant de l’organisation dans RDV-Service-Public/);
  const secretName = () => page.getByLabel(/^Nom du secret qui contient la clé/);
  /** The message under the address, once it says `text`. */
  const baseUrlError = (text: string) => page.locator('#champ-body-appointmentBook-baseUrl-erreur', { hasText: text }).waitFor();
  const save = () => page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  const saved = () => page.getByText('Les modifications ont été enregistrées.').waitFor();

  /** What the organisation's page says of its book (any signed-in user reads it). */
  const shownBook = async () => {
    await page.goto(`${stack.url}/#/structures/${CAF.id}`);
    await page.getByRole('heading', { level: 1, name: CAF.name }).waitFor();
    return page.getByTestId('appointment-book').textContent();
  };

  /** The organisation as the API reads it, for the coordination. */
  const read = async () => (await api.call('GET', `/api/organisations/${CAF.id}`, { token: await api.token('pilote') })).body;

  /** The body of the form's next PATCH of the organisation. */
  const nextPatch = () =>
    page
      .waitForRequest((r: Request) => r.method() === 'PATCH' && r.url().endsWith(`/api/organisations/${CAF.id}`))
      .then((r) => JSON.parse(r.postData() ?? '{}'));

  beforeAll(async () => {
    ensureSpaBuilt();
    // The coordination's home (the indicators) reads the coverage: the Lot's communes, as coordination.e2e.test.ts.
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-book-')) });
    await stack.drain();
    api = apiClient(stack.url);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors?.take() ?? []).toEqual([]);
  });

  it('the coordination chooses RDV-Service-Public; wrong values are refused beside their field and nothing is written', async () => {
    const before = await read();
    expect(before.appointmentBook).toBeUndefined();
    await signIn('pilote');
    await openForm();
    await section().waitFor();
    await expect(page.getByRole('radio', { name: 'Agenda Relais (intégré)' }).isChecked()).resolves.toBe(true);
    await expect(baseUrl().count()).resolves.toBe(0);

    const patches: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH') patches.push(r.url());
    });
    await page.getByRole('radio', { name: 'RDV-Service-Public' }).check();
    await baseUrl().waitFor();
    // Never a field for the key itself: only its secret's name, and the hint says why.
    await expect(section().getByRole('textbox').count()).resolves.toBe(3);
    await expect(section().textContent()).resolves.toContain('La clé d’accès n’est jamais saisie ici');

    // http:// is refused by the form, in French, beside the address; no request is sent.
    await baseUrl().fill('http://www.rdv-solidarites.fr');
    await organisationRef().fill(CHOICE.organisationRef);
    await secretName().fill(CHOICE.tokenSecretName);
    await save();
    await page.getByTestId('problem').waitFor();
    await expect(baseUrl().getAttribute('aria-invalid')).resolves.toBe('true');
    await baseUrlError('Adresse HTTPS attendue');
    await expect(organisationRef().getAttribute('aria-invalid')).resolves.toBeNull();
    await expect(page.getByTestId('problem').textContent()).resolves.toContain('Adresse de l’instance RDV-Service-Public');
    await expectNoAxeViolations(page, 'le choix de l’agenda refusé');

    // A path after the address: refused too.
    await baseUrl().fill('https://www.rdv-solidarites.fr/agents');
    await save();
    await baseUrlError('sans chemin');
    expect(patches).toEqual([]);

    // The API's own refusal (the form checks first: the body is altered on its way) reaches the same field.
    await baseUrl().fill(CHOICE.baseUrl);
    await page.route(`**/api/organisations/${CAF.id}`, async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      const body = JSON.parse(request.postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...body, appointmentBook: { ...body.appointmentBook, baseUrl: 'http://rdv' } }) });
    });
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/organisations/${CAF.id}`));
    await save();
    expect((await refused).status()).toBe(400);
    // Both of the API's messages on that path, beside the field as in the summary.
    await baseUrlError('Adresse HTTPS attendue ; Adresse de l’instance attendue, sans chemin');
    await expect(baseUrl().getAttribute('aria-invalid')).resolves.toBe('true');
    await page.unroute(`**/api/organisations/${CAF.id}`);
    // The refused PATCH is the point of that step.
    expect(errors.take().every((e) => /400/.test(e))).toBe(true);

    const after = await read();
    expect(after.version).toBe(before.version);
    expect(after.appointmentBook).toBeUndefined();
  });

  it('saves the choice: the PATCH carries it, the API reads it back exactly as typed, the form shows it again', async () => {
    const before = await read();
    // A new session: nothing kept of the refused values.
    await signIn('pilote');
    await openForm();
    await page.getByRole('radio', { name: 'RDV-Service-Public' }).check();
    await baseUrl().fill(CHOICE.baseUrl);
    await organisationRef().fill(CHOICE.organisationRef);
    await secretName().fill(CHOICE.tokenSecretName);
    const sent = nextPatch();
    await save();
    await saved();
    // Only what changed: the book, and the version it was based on.
    await expect(sent).resolves.toEqual({ appointmentBook: CHOICE, version: before.version });

    const after = await read();
    expect(after.appointmentBook).toEqual(CHOICE);
    expect(after.version).toBe(before.version + 1);
    await expect(shownBook()).resolves.toBe('RDV-Service-Public (www.rdv-solidarites.fr)');

    await openForm();
    await expect(page.getByRole('radio', { name: 'RDV-Service-Public' }).isChecked()).resolves.toBe(true);
    await expect(baseUrl().inputValue()).resolves.toBe(CHOICE.baseUrl);
    await expect(organisationRef().inputValue()).resolves.toBe(CHOICE.organisationRef);
    await expect(secretName().inputValue()).resolves.toBe(CHOICE.tokenSecretName);
    await expectNoAxeViolations(page, 'le choix de l’agenda RDV-Service-Public');
  });

  it('the partner edits its own entry without the section, and the choice is kept', async () => {
    await signIn('partenaire.caf');
    await openForm();
    await expect(section().count()).resolves.toBe(0);
    await expect(page.getByText('Prise de rendez-vous').count()).resolves.toBe(0);
    await expect(baseUrl().count()).resolves.toBe(0);
    await expect(secretName().count()).resolves.toBe(0);

    await page.getByLabel('Présentation').fill('Accueil sur rendez-vous, à Cahors et à Figeac.');
    const sent = nextPatch();
    await save();
    await saved();
    expect(Object.keys(await sent).sort()).toEqual(['description', 'version']);
    const after = await read();
    expect(after.description).toBe('Accueil sur rendez-vous, à Cahors et à Figeac.');
    expect(after.appointmentBook).toEqual(CHOICE);
  });

  it('the coordination goes back to Relais’ own book: the PATCH clears the choice, the API reads no book', async () => {
    await signIn('pilote');
    const before = await read();
    await openForm();
    await page.getByRole('radio', { name: 'Agenda Relais (intégré)' }).check();
    await expect(baseUrl().count()).resolves.toBe(0);
    const sent = nextPatch();
    await save();
    await saved();
    // `null` clears the choice (ADR 0042): the organisation then has no book, which is Relais' own.
    await expect(sent).resolves.toEqual({ appointmentBook: null, version: before.version });
    const after = await read();
    expect(after.appointmentBook).toBeUndefined();
    expect(after.version).toBe(before.version + 1);
    await expect(shownBook()).resolves.toBe('Agenda Relais (intégré)');

    await openForm();
    await expect(page.getByRole('radio', { name: 'Agenda Relais (intégré)' }).isChecked()).resolves.toBe(true);
    await expect(baseUrl().count()).resolves.toBe(0);
  });
  it('reopened at once after a save, the form starts from what was saved and its new version, not from the copy read before', async () => {
    await signIn('partenaire.caf');
    await openForm();
    const first = 'Accueil sur rendez-vous, à Cahors, Figeac et Gourdon.';
    await page.getByLabel('Présentation').fill(first);
    // The organisation read again after the save answers slowly (a rural connection): the form
    // must not wait for it, nor start from the copy read before the save.
    const slow = `**/api/organisations/${CAF.id}`;
    await page.route(slow, async (route) => {
      if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 5_000));
      await route.continue();
    });
    await save();
    await saved();
    // In the SPA, without reloading the page: its copy of the organisation is what the save answered.
    await page.getByRole('link', { name: 'Modifier la structure' }).click();
    await page.getByRole('heading', { level: 1, name: `Modifier : ${CAF.name}` }).waitFor();
    await expect(page.getByLabel('Présentation').inputValue()).resolves.toBe(first);

    // Saved again from there: based on the new version, so not refused as modified in the meantime.
    const second = 'Accueil sur rendez-vous, à Cahors et à Gourdon.';
    await page.getByLabel('Présentation').fill(second);
    const sent = nextPatch();
    await save();
    await saved();
    const after = await read();
    expect((await sent).version).toBe(after.version - 1);
    expect(after.description).toBe(second);
    await page.unroute(slow);
  });
});
