/**
 * The coordinator's review campaigns and « Informations à vérifier » (issue 16 point 1, ADR 0044)
 * in Chromium against the whole local stack, with the keyboard alone: a refused launch names both
 * filters, a campaign for the Mission locale sends its one message (read back in the notification
 * outbox) and shows its progress; the flagged list shows an entry 60 days past due. Each page
 * passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import type { Site } from '../../services/directory/domain/directory.schema';
import { verifiedAt } from '../../services/directory/domain/freshness';
import { DynamoDirectoryRepository } from '../../services/directory/store/directory.repository';
import { resetSettings } from '../../shared/config/settings';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { newId } from '../../shared/validation/common.schema';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');

const MISSION_LOCALE = DEMO_ORGANISATIONS.find((o) => o.type === 'mission-locale')!;
const DAY = 86_400_000;

describe('review campaigns and the entries to verify, with the keyboard', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  const focused = (selector: string) => page.locator(`${selector}:focus`).count();
  const tabTo = async (selector: string, max = 80) => {
    for (let i = 0; i < max && (await focused(selector)) === 0; i++) await page.keyboard.press('Tab');
    expect(await focused(selector)).toBe(1);
  };

  beforeAll(async () => {
    ensureSpaBuilt();
    // The coordinator's home (indicators, coverage) reads the commune reference of the Lot.
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-campaigns-')) });
    await stack.drain();
    api = apiClient(stack.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
    await page.goto(`${stack.url}/#/connexion`);
    await page.locator('input[name="username"][value="pilote"]').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading('pilote') }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  it('launches a campaign for the Mission locale: refused without a filter, then one message sent and the progress shown', async () => {
    await page.goto(`${stack.url}/#/campagnes`);
    await page.getByRole('heading', { level: 1, name: 'Campagnes de mise à jour' }).waitFor();
    await page.getByText('Aucune campagne lancée pour l’instant.').waitFor();

    // Only a message: refused, both filters named.
    await tabTo('#champ-body-message');
    await page.keyboard.type('Avant l’été, merci de vérifier vos horaires.');
    await tabTo('button:text("Lancer la campagne")');
    await page.keyboard.press('Enter');
    const problem = page.getByTestId('problem');
    await problem.waitFor();
    await expect(problem.innerText()).resolves.toMatch(/Territoire[\s\S]*Type de structure|Type de structure[\s\S]*Territoire/);
    await expectNoAxeViolations(page, 'une campagne refusée');

    // The kind by typing its name in the list, then Enter from the button.
    await tabTo('#champ-body-organisationKind');
    await page.keyboard.type('Mission L');
    await expect(page.locator('#champ-body-organisationKind').inputValue()).resolves.toBe('mission-locale');
    await tabTo('button:text("Lancer la campagne")');
    await page.keyboard.press('Enter');
    await page.getByText(/Campagne lancée \(Mission Locale\) : 1 message envoyé/).waitFor();

    const row = page.getByTestId('campaign').first();
    await row.waitFor();
    await expect(row.getByTestId('sent').innerText()).resolves.toBe('1');
    await expect(row.getByTestId('unanswered').innerText()).resolves.toBe('1');
    await expect(row.getByTestId('progress-text').innerText()).resolves.toContain(
      '1 partenaire sollicité : 0 tout est juste, 0 corrigé, 1 sans réponse',
    );
    await expect(row.locator('progress').getAttribute('max')).resolves.toBe('1');
    await expectNoAxeViolations(page, 'les campagnes de mise à jour');

    // The message reached the partner's channel, with the coordinator's words and the link.
    await stack.drain();
    const outbox = await api.call('GET', '/api/dev/outbox?channel=notification&limit=200', { token: await api.token('pilote') });
    const sent = (outbox.body.items as Array<{ to: string; payload: Record<string, unknown> }>).filter(
      (m) => m.payload.kind === 'directory.review' && m.to === MISSION_LOCALE.id && m.payload.campaignId,
    );
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.payload.text)).toContain('Avant l’été, merci de vérifier vos horaires.');
    expect(String(sent[0]!.payload.link)).toContain('#/verification/');

    // The link's page, without an account (a page of its own: the application is chosen when it loads),
    // shows the coordinator's words as theirs.
    const linkPage = await page.context().newPage();
    try {
      await linkPage.goto(String(sent[0]!.payload.link).replace(/^https?:\/\/[^/]+/, stack.url));
      await linkPage.getByRole('heading', { level: 1, name: `Vérifier les fiches de ${MISSION_LOCALE.name}` }).waitFor();
      const words = linkPage.locator('figure', { hasText: 'Message de la coordination du réseau' });
      await expect(words.locator('blockquote').innerText()).resolves.toBe('Avant l’été, merci de vérifier vos horaires.');
      await expectNoAxeViolations(linkPage, 'la page du lien de vérification');
    } finally {
      await linkPage.close();
    }
  });

  it('lists an entry 60 days past due in « Informations à vérifier », with its partner’s channel', async () => {
    const repository = new DynamoDirectoryRepository();
    const verified = new Date(Date.now() - 400 * DAY);
    const site: Site = {
      id: newId(),
      organisationId: MISSION_LOCALE.id,
      name: 'Permanence Mission locale de Cajarc',
      address: 'Place du Foirail, 46160 Cajarc',
      communeCode: '46045',
      location: { lon: 1.8413, lat: 44.4856 },
      locationSource: 'provided',
      openingHours: 'We 14:00-17:00',
      unconditionalReception: false,
      onPublicMap: true,
      themes: [],
      accessibility: '',
      ...verifiedAt(verified, 'mission-locale'),
      version: 1,
      createdAt: verified.toISOString(),
      updatedAt: verified.toISOString(),
    };
    const uow = new UnitOfWork();
    repository.saveSite(uow, site, undefined);
    await uow.commit();

    await page.goto(`${stack.url}/#/informations-a-verifier`);
    await page.getByRole('heading', { level: 1, name: 'Informations à vérifier' }).waitFor();
    const entry = page.locator(`[data-testid="flagged-entry"][data-entry-id="${site.id}"]`);
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain(site.name);
    expect(text).toContain(MISSION_LOCALE.name);
    expect(text).toContain(MISSION_LOCALE.notification.email!);
    const overdue = Math.floor((Date.now() - Date.parse(site.reviewDueAt!)) / DAY);
    expect(Number((await entry.getByTestId('days-overdue').innerText()).replace(/\D/g, ''))).toBeGreaterThanOrEqual(overdue - 1);
    // Reachable by keyboard: the entry's link takes the focus.
    await tabTo(`a[href="#/lieux/${site.id}"]`, 120);
    await expectNoAxeViolations(page, 'les informations à vérifier');
  });
});
