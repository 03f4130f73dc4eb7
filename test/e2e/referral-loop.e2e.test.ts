/**
 * The referral loop in the browser (issue 14): a partner without an account walks the signed
 * link with the keyboard only — review, accept, close with « Service rendu » — with zero axe
 * violations at each step; then the sender sees `sent > in_review > accepted > closed` and how
 * the partner was told.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { referralLink } from '../../services/intake/referral-link';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const MISSION_LOCALE = DEMO_ORGANISATIONS.find((o) => o.type === 'mission-locale')!;

jest.setTimeout(180_000);

describe('the referral loop from the signed link, keyboard only', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let page: Page;

  const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);
  /** Tab until `locator` has the focus (never a click). */
  async function tabTo(locator: Locator): Promise<void> {
    for (let i = 0; i < 60; i++) {
      if (await isFocused(locator)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error('not reachable with Tab');
  }

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-loop-')),
    });
    await stack.drain();
    api = apiClient(stack.url);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('reviews, accepts and closes with « Service rendu »; the sender sees every step and the deliveries', async () => {
    const gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Clavier',
        firstName: 'Inès',
        birthDate: '1999-04-02',
        phone: '0611223355',
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    const sent = await api.call('POST', '/api/referrals', {
      token: gramat,
      body: {
        toOrganisationId: MISSION_LOCALE.id,
        personId: person.body.id,
        themes: ['trouver-un-emploi'],
        reason: 'Recherche d’une formation',
        urgency: 'normal',
        liaisonNote: 'Souhaite une formation qualifiante.',
      },
    });
    expect(sent.status).toBe(201);
    const token = referralLink(sent.body.id, MISSION_LOCALE.id, new Date(sent.body.sentAt));

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await visitor.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${stack.url}/#/orientation/${token}`);
      await page.getByRole('heading', { level: 1, name: 'Orientation du Conseil départemental du Lot' }).waitFor();
      // She agreed to sharing: her phone is shown, with the sender's contact.
      await expect(page.getByTestId('link-person').textContent()).resolves.toContain('06 11 22 33 55');
      await page.getByTestId('link-sender').waitFor();
      await expectNoAxeViolations(page, 'le lien signé (envoyée)');

      await tabTo(page.getByRole('button', { name: 'Marquer « en cours d’examen »' }));
      await page.keyboard.press('Enter');
      await page.getByTestId('answer-done').waitFor();
      await page.getByTestId('referral-status').filter({ hasText: 'En cours d’examen' }).waitFor();
      await expectNoAxeViolations(page, 'le lien signé (en cours d’examen)');

      await tabTo(page.getByTestId('answer-accept').getByLabel(/^Commentaire/));
      await page.keyboard.type('Rendez-vous mardi à 10 h.');
      await tabTo(page.getByRole('button', { name: 'Accepter l’orientation' }));
      await page.keyboard.press('Enter');
      await page.getByTestId('referral-status').filter({ hasText: 'Acceptée' }).waitFor();
      await expectNoAxeViolations(page, 'le lien signé (acceptée)');

      await tabTo(page.getByTestId('answer-close').getByLabel(/^Résultat/));
      await page.keyboard.type('Service rendu');
      await expect(page.getByTestId('answer-close').getByLabel(/^Résultat/).inputValue()).resolves.toBe('service_delivered');
      await tabTo(page.getByRole('button', { name: 'Clôturer l’orientation' }));
      await page.keyboard.press('Enter');
      await page.getByTestId('referral-status').filter({ hasText: 'Clôturée' }).waitFor();
      await expect(page.getByTestId('answer-close').count()).resolves.toBe(0);
      await expectNoAxeViolations(page, 'le lien signé (clôturée)');
      expect(errors.take()).toEqual([]);
    } finally {
      await visitor.close();
    }

    // The sender, signed in, sees every step and how the partner was told.
    const sender = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await sender.newPage();
    try {
      await page.goto(`${stack.url}/#/connexion`);
      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: homeHeading('agent.gramat') }).waitFor();
      await page.goto(`${stack.url}/#/orientations/${sent.body.id}`);
      await page.getByRole('heading', { level: 1, name: 'Orientation vers la Mission locale du Lot' }).waitFor();
      const statuses = await page
        .getByTestId('referral-timeline')
        .locator('li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
      expect(statuses).toEqual(['sent', 'in_review', 'accepted', 'closed']);
      await expect(page.getByTestId('referral-timeline').textContent()).resolves.toContain('Résultat : Service rendu');
      await expect(page.getByTestId('deliveries').textContent()).resolves.toContain('E-mail');
      await expectNoAxeViolations(page, 'le suivi de l’orientation clôturée');
    } finally {
      await sender.close();
    }
  });
});
