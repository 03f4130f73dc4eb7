/**
 * Premier accueil in Chromium against the whole local stack (Lot demo data): a reception agent
 * records an anonymous phone reception with the keyboard only; the referral flow from a named
 * reception (new person with her sharing consent) to the CAF, which accepts and closes it while
 * the sender follows `sent > accepted > closed`; a referral already answered (409); the signed
 * link of a partner without an account; the restricted view of a person without her consent.
 * Every page passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS, DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { referralLink } from '../../services/intake/referral-link';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SCREENSHOTS = join(tmpdir(), 'relais-e2e-screenshots');

const orgOfType = (type: string) => {
  const found = DEMO_ORGANISATIONS.find((o) => o.type === type);
  if (!found) throw new Error(`no demo organisation of type ${type}`);
  return found;
};
const CAF = orgOfType('caf');
const MISSION_LOCALE = orgOfType('mission-locale');
const GRAMAT = DEMO_USERS.find((u) => u.username === 'agent.gramat');
const GRAMAT_SITE = GRAMAT?.siteId ?? '';
const GRAMAT_COMMUNE = '46128';

jest.setTimeout(120_000);

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`  capture d’écran : ${path}\n`);
}

/** Today in Paris, as the receptions list takes it. */
const parisToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();

describe('premier accueil in the browser', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };
  let signedInAs: string | null = null;

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

  /** A fresh load of the page at `hash` (the same hash again would keep the page as it is). */
  async function open(hash: string, heading: string | RegExp): Promise<void> {
    await page.goto(`${stack.url}/${hash}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator('.notice--info[role="status"]').first().waitFor({ state: 'detached', timeout: 30_000 });
  }

  const isFocused = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => el === el.ownerDocument.activeElement);

  const nav = () => page.getByRole('navigation', { name: 'Navigation principale' });
  const themeOptions = () => page.getByRole('listbox', { name: 'Suggestions : thématiques' }).getByRole('option');

  /** The referral the agent sends in the flow below. */
  let referralId = '';
  let personId = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-intake-')),
    });
    // The directory's demo data reaches intake through events (its copy of sites and organisations).
    await stack.drain();
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

  describe('an anonymous phone reception', () => {
    it('is recorded with the keyboard only, in well under a minute, and the API lists it', async () => {
      await signInAs('agent.gramat');
      // A fresh page load of the directory: the focus starts at the top, before the skip link.
      await page.goto(`${stack.url}/#/annuaire`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Annuaire' }).waitFor();
      const started = Date.now();
      // From the directory, through the menu: Tab until « Nouvel accueil », then Enter.
      const menuEntry = nav().getByRole('link', { name: 'Nouvel accueil' });
      for (let i = 0; i < 10 && !(await isFocused(menuEntry)); i++) await page.keyboard.press('Tab');
      expect(await isFocused(menuEntry)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Nouvel accueil' }).waitFor();
      await page.getByTestId('reception-form').waitFor();
      await page.locator(`select option[value="${GRAMAT_SITE}"]`).waitFor({ state: 'attached' });

      // The heading has the focus; the channel comes first (« Sur place » chosen), arrows change it.
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByRole('radio', { name: 'Sur place' }))).toBe(true);
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('radio', { name: 'Téléphone' }).isChecked()).resolves.toBe(true);
      // The site is preselected from the agent's profile.
      await page.keyboard.press('Tab');
      await expect(page.getByLabel('Lieu d’accueil').inputValue()).resolves.toBe(GRAMAT_SITE);
      // Themes by type-ahead: « loge » Enter.
      await page.keyboard.press('Tab');
      await page.keyboard.type('loge');
      await themeOptions().filter({ hasText: 'Logement et hébergement' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Retirer « Logement et hébergement »' }).waitFor();
      // Past the chosen theme, the person: anonymous by default; an age range and a commune.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByRole('radio', { name: 'Personne anonyme' }))).toBe(true);
      await expect(page.getByRole('radio', { name: 'Personne anonyme' }).isChecked()).resolves.toBe(true);
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByLabel('Tranche d’âge'))).toBe(true);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(page.getByLabel('Tranche d’âge').inputValue()).resolves.toBe('18-24');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Gramat');
      await page
        .getByRole('listbox', { name: /Commune de résidence/ })
        .getByRole('option', { name: /Gramat/ })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      await page.getByText('Gramat choisie.').waitFor({ state: 'attached' });
      // What was said, then the duration; Enter in it records the reception.
      await page.keyboard.press('Tab');
      await page.keyboard.type('Appel pour un retard de loyer ; crainte d’expulsion.');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Coordonnées de l’ADIL et du fonds de solidarité logement.');
      await page.keyboard.press('Tab');
      await page.keyboard.type('7');
      await page.keyboard.press('Enter');

      const recorded = page.getByTestId('reception-recorded');
      await recorded.waitFor();
      const elapsed = Date.now() - started;
      process.stdout.write(`  accueil anonyme au téléphone enregistré au clavier en ${(elapsed / 1000).toFixed(1)} s\n`);
      expect(elapsed).toBeLessThan(60_000);
      // The success message takes the focus; the next step is one Tab away.
      expect(await isFocused(recorded)).toBe(true);
      await expect(recorded.textContent()).resolves.toContain('Accueil enregistré');
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByRole('link', { name: 'Orienter cette personne' }))).toBe(true);

      const token = await api.token('agent.gramat');
      const listed = await api.call('GET', `/api/receptions?siteId=${GRAMAT_SITE}&from=${parisToday()}`, { token });
      expect(listed.status).toBe(200);
      const mine = (listed.body.items as Array<Record<string, unknown>>).filter(
        (r) => r.summary === 'Appel pour un retard de loyer ; crainte d’expulsion.',
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        siteId: GRAMAT_SITE,
        channel: 'phone',
        themes: ['logement-hebergement'],
        anonymous: { ageRange: '18-24', communeCode: GRAMAT_COMMUNE },
        informationGiven: 'Coordonnées de l’ADIL et du fonds de solidarité logement.',
        durationMinutes: 7,
      });
      expect(mine[0]?.personId).toBeUndefined();

      await screenshot(page, 'intake-1-accueil-anonyme');
      await expectNoAxeViolations(page, 'le formulaire d’accueil (accueil enregistré)');
    });

    it('refuses a reception without a theme and says so next to the field', async () => {
      await open('#/accueil', 'Nouvel accueil');
      await page.getByRole('button', { name: 'Enregistrer l’accueil' }).click();
      const problem = page.getByTestId('problem');
      await problem.waitFor();
      await expect(problem.textContent()).resolves.toContain('Choisissez au moins une thématique.');
      await expect(page.getByRole('combobox', { name: /Thématiques de la demande/ }).getAttribute('aria-invalid')).resolves.toBe('true');
      await expectNoAxeViolations(page, 'le formulaire d’accueil (erreurs)');

      // On a phone (home visits): the same form, one column, still accessible.
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await page.getByRole('radio', { name: /Personne identifiée/ }).check();
        await page.getByTestId('new-person').click();
        await page.getByTestId('person-form').waitFor();
        await screenshot(page, 'intake-1b-accueil-telephone');
        await expectNoAxeViolations(page, 'le formulaire d’accueil sur un téléphone');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  });

  describe('the referral flow', () => {
    it('records a named reception: a new person with her sharing consent', async () => {
      await signInAs('agent.gramat');
      await open('#/accueil', 'Nouvel accueil');
      await page.getByRole('radio', { name: 'Visite à domicile' }).check();
      const themes = page.getByRole('combobox', { name: /Thématiques de la demande/ });
      await themes.fill('accès aux droits');
      await themeOptions().first().waitFor();
      await themes.press('Enter');
      await page.getByRole('radio', { name: /Personne identifiée/ }).check();
      await page.getByTestId('new-person').click();
      const form = page.getByTestId('person-form');
      await form.getByLabel('Nom', { exact: false }).first().fill('Delpérié');
      await form.getByLabel(/^Prénom/).fill('Marie');
      await form.getByLabel(/^Date de naissance/).fill('1984-03-12');
      await form.getByLabel(/^Téléphone/).fill('06 12 34 56 78');
      await form.getByRole('combobox', { name: /Commune de résidence/ }).fill('Gramat');
      await form
        .getByRole('listbox', { name: /Commune de résidence/ })
        .getByRole('option', { name: /Gramat/ })
        .first()
        .click();
      await form.getByLabel('Elle accepte que son historique soit partagé avec les professionnels du réseau').check();
      await expectNoAxeViolations(page, 'le formulaire d’une nouvelle personne');
      await page.getByTestId('save-person').click();
      await page.getByTestId('chosen-person').waitFor();
      await expect(page.getByTestId('chosen-person').textContent()).resolves.toContain('Marie DELPÉRIÉ');
      await page.getByLabel('Résumé de l’échange').fill('Visite à domicile : droits CAF à ouvrir après une séparation.');
      await page.getByRole('button', { name: 'Enregistrer l’accueil' }).click();
      await page.getByTestId('reception-recorded').waitFor();
      await expect(page.getByTestId('reception-recorded').textContent()).resolves.toContain('Marie DELPÉRIÉ');
      await screenshot(page, 'intake-2-accueil-nominatif');
    });

    it('refers her to the CAF from the reception, with the liaison note', async () => {
      await page.getByTestId('refer-action').click();
      await page.getByRole('heading', { level: 1, name: 'Orienter une personne' }).waitFor();
      await expect(page.getByTestId('referral-person').textContent()).resolves.toContain('Marie DELPÉRIÉ');
      // The themes of the reception come along.
      await page
        .getByRole('button', { name: /^Retirer/ })
        .first()
        .waitFor();
      const organisation = page.getByRole('combobox', { name: /Structure destinataire/ });
      await organisation.fill('caf');
      await page.getByRole('option', { name: /CAF du Lot/ }).click();
      await page.getByLabel(/^Motif/).fill('Ouverture de droits après une séparation');
      await page.getByRole('radio', { name: 'Urgente' }).check();
      await page
        .getByLabel(/^Fiche de liaison/)
        .fill('Séparation récente, deux enfants.\n\nDéjà fait : attestation de séparation.\n\nDemande : étude des droits (RSA, APL).');
      await page.locator('select option').first().waitFor({ state: 'attached' });
      await screenshot(page, 'intake-3-orientation-formulaire');
      await expectNoAxeViolations(page, 'le formulaire d’orientation');
      await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();

      await page.getByRole('heading', { level: 1, name: 'Orientation vers la CAF du Lot' }).waitFor();
      referralId = page.url().split('#/orientations/')[1] ?? '';
      expect(referralId).toMatch(/^[0-9A-Z]{26}$/);
      await expect(page.getByTestId('referral-status').textContent()).resolves.toBe('Envoyée');
      await page.getByText('L’orientation a été envoyée à CAF du Lot').waitFor();
      await expect(page.getByTestId('liaison-note').textContent()).resolves.toContain('Demande : étude des droits');
      const person = await api.call('GET', `/api/referrals/${referralId}`, { token: await api.token('agent.gramat') });
      expect(person.body).toMatchObject({ status: 'sent', urgency: 'urgent', toOrganisationId: CAF.id });
      personId = person.body.personId;
      expect(personId).toBeTruthy();
      await screenshot(page, 'intake-4-orientation-envoyee');
      await expectNoAxeViolations(page, 'la page d’une orientation (envoyée)');
    });

    it('shows her record: identity, consents with who and when, history, professionals', async () => {
      await open(`#/personnes/${personId}`, 'Marie DELPÉRIÉ');
      // The commune by its name, not only its INSEE code.
      await page.getByText(`Gramat (${GRAMAT_COMMUNE})`).waitFor();
      const consents = page.getByTestId('consent');
      await expect(consents.first().textContent()).resolves.toContain('Oui, elle est d’accord');
      await expect(consents.first().textContent()).resolves.toContain('Claire Delpech');
      const timeline = page.getByTestId('person-timeline');
      await expect(timeline.locator('[data-kind="reception"]').count()).resolves.toBe(1);
      await expect(timeline.locator('[data-kind="referral"]').count()).resolves.toBe(1);
      await expect(page.getByTestId('professionals').textContent()).resolves.toContain('Claire Delpech');
      await screenshot(page, 'intake-5-fiche-personne');
      await expectNoAxeViolations(page, 'la fiche d’une personne');

      // She agrees to SMS surveys now: the change is recorded with who and how.
      await page.getByTestId('edit-consents').click();
      await page.getByLabel('Elle accepte de recevoir des enquêtes de satisfaction par SMS').check();
      await page.getByRole('radio', { name: 'par écrit' }).check();
      // A written consent is changed with the reference of the signed document.
      await page.getByLabel(/^Référence du document signé/).fill('Classeur 2026, fiche 3');
      await expectNoAxeViolations(page, 'la modification des accords');
      await page.getByRole('button', { name: 'Enregistrer ses accords' }).click();
      await page.getByText('Ses accords ont été enregistrés.').waitFor();
      await expect(consents.nth(1).textContent()).resolves.toContain('Recueilli par écrit (réf. Classeur 2026, fiche 3)');
    });

    it('finds her again by name, accents and case aside, and shows the possible duplicate before creating her twice', async () => {
      await open('#/personnes', 'Personnes');
      await page.getByLabel('Nom ou prénom').fill('delperie');
      await page.getByTestId('person-result').first().waitFor();
      await expect(page.getByTestId('person-results').textContent()).resolves.toContain('Marie DELPÉRIÉ');
      await expectNoAxeViolations(page, 'la recherche de personnes');

      await page.getByRole('button', { name: 'Nouvelle personne' }).click();
      const form = page.getByTestId('person-form');
      await form.getByLabel(/^Prénom/).fill('Marie');
      await form.getByLabel(/^Date de naissance/).fill('1984-03-12');
      await page.getByTestId('save-person').click();
      const duplicates = page.getByTestId('duplicates');
      await duplicates.waitFor();
      await expect(duplicates.getByRole('heading', { name: 'Est-ce l’une de ces personnes ?' }).count()).resolves.toBe(1);
      // The server's words for this 409, not a generic « modifié entre-temps ».
      await expect(duplicates.textContent()).resolves.toContain('Cette personne existe peut-être déjà');
      await expect(page.getByText(/entre-temps/).count()).resolves.toBe(0);
      expect(await isFocused(duplicates)).toBe(true);
      await expectNoAxeViolations(page, 'les doublons possibles');
      await duplicates.getByRole('button', { name: 'Oui, c’est Marie DELPÉRIÉ' }).click();
      await page.getByRole('heading', { level: 1, name: 'Marie DELPÉRIÉ' }).waitFor();
      expect(page.url()).toContain(`#/personnes/${personId}`);
      // The 409 with the candidates is the point of this step.
      expect(errors.take().every((e) => /409/.test(e))).toBe(true);
    });

    it('reaches the CAF’s incoming box, where the partner accepts it, then closes it', async () => {
      await signInAs('partenaire.caf');
      await nav().getByRole('link', { name: 'Orientations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orientations' }).waitFor();
      const row = page.getByTestId('referral-row').filter({ hasText: 'Ouverture de droits après une séparation' });
      await row.waitFor();
      await expect(page.getByTestId('box-incoming').getAttribute('aria-current')).resolves.toBe('page');
      await expect(row.getAttribute('data-status')).resolves.toBe('sent');
      // The count comes with its own request: wait for it rather than read the box at once.
      await page
        .getByTestId('box-incoming')
        .getByText(/\d+ à traiter/)
        .waitFor();
      await screenshot(page, 'intake-6-boite-reception');
      await expectNoAxeViolations(page, 'la boîte des orientations reçues');

      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Orientation du Conseil départemental du Lot' }).waitFor();
      await expect(page.getByTestId('referral-person').textContent()).resolves.toContain('06 12 34 56 78');
      await expectNoAxeViolations(page, 'une orientation reçue (à traiter)');
      await page
        .getByTestId('answer-accept')
        .getByLabel(/^Commentaire/)
        .fill('Rendez-vous proposé mardi à 10 h à Cahors.');
      await page.getByRole('button', { name: 'Accepter l’orientation' }).click();
      await page.getByTestId('answer-done').waitFor();
      await expect(page.getByTestId('referral-status').textContent()).resolves.toBe('Acceptée');

      await page
        .getByTestId('answer-close')
        .getByLabel(/^Résultat/)
        .selectOption('service_delivered');
      await page
        .getByTestId('answer-close')
        .getByLabel(/^Commentaire/)
        .fill('Droits RSA et APL ouverts.');
      await page.getByRole('button', { name: 'Clôturer l’orientation' }).click();
      await page.getByTestId('referral-status').filter({ hasText: 'Clôturée' }).waitFor();
      await expect(page.getByTestId('answer-close').count()).resolves.toBe(0);
      await screenshot(page, 'intake-7-orientation-cloturee');
      await expectNoAxeViolations(page, 'une orientation clôturée');
    });

    it('shows the sender the whole timeline, sent > accepted > closed, with who and when', async () => {
      await signInAs('agent.gramat');
      await open('#/orientations?boite=envoyees', 'Orientations');
      await expect(page.getByTestId('box-outgoing').getAttribute('aria-current')).resolves.toBe('page');
      const row = page.getByTestId('referral-row').filter({ hasText: 'Ouverture de droits après une séparation' });
      await expect(row.getAttribute('data-status')).resolves.toBe('closed');
      await page.getByLabel('Statut').selectOption('closed');
      await page.getByText(/statut « clôturée »/).waitFor();
      await expect(page.getByTestId('referral-row').count()).resolves.toBe(1);
      await expectNoAxeViolations(page, 'la boîte des orientations envoyées');

      await page.getByTestId('referral-row').getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Orientation vers la CAF du Lot' }).waitFor();
      const steps = page.getByTestId('referral-timeline').locator('li');
      const statuses = await steps.evaluateAll((items) => items.map((li) => li.getAttribute('data-status')));
      expect(statuses).toEqual(['sent', 'accepted', 'closed']);
      const texts = (await steps.allTextContents()).map(spaces);
      expect(texts[0]).toContain('Claire Delpech');
      expect(texts[1]).toContain('Thomas Roques');
      expect(texts[1]).toContain('Rendez-vous proposé mardi à 10 h à Cahors.');
      expect(texts[2]).toContain('Résultat : Service rendu');
      expect(texts[2]).toContain('Commentaire : Droits RSA et APL ouverts.');
      for (const text of texts) expect(text).toMatch(/\d{4} à \d{1,2} h/);
      await screenshot(page, 'intake-8-suivi-expediteur');
      await expectNoAxeViolations(page, 'le suivi d’une orientation envoyée');
    });

    it('says « déjà traitée » when the referral was answered in the meantime (409)', async () => {
      const gramat = await api.token('agent.gramat');
      const caf = await api.token('partenaire.caf');
      const sent = await api.call('POST', '/api/referrals', {
        token: gramat,
        body: {
          toOrganisationId: CAF.id,
          themes: ['famille'],
          reason: 'Aide à la garde d’enfants',
          urgency: 'normal',
          liaisonNote: 'Personne anonyme ; rappel au 05.',
        },
      });
      expect(sent.status).toBe(201);
      await signInAs('partenaire.caf');
      await open(`#/orientations/${sent.body.id}`, 'Orientation du Conseil départemental du Lot');
      const declined = await api.call('POST', `/api/referrals/${sent.body.id}/decline`, {
        token: caf,
        body: { reasonCode: 'hors_competence', comment: 'Hors de nos missions' },
      });
      expect(declined.status).toBe(200);

      await page.getByRole('button', { name: 'Accepter l’orientation' }).click();
      const notice = page.getByTestId('already-answered');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('déjà été traitée');
      expect(await isFocused(notice)).toBe(true);
      await page.getByTestId('referral-status').filter({ hasText: 'Refusée' }).waitFor();
      await expectNoAxeViolations(page, 'une orientation déjà traitée');
      expect(errors.take().every((e) => /409/.test(e))).toBe(true);
    });
  });

  describe('the signed link of a partner without an account', () => {
    it('shows the liaison note without sign-in or menu, and declines with a reason', async () => {
      const gramat = await api.token('agent.gramat');
      const sent = await api.call('POST', '/api/referrals', {
        token: gramat,
        body: {
          toOrganisationId: MISSION_LOCALE.id,
          themes: ['trouver-un-emploi'],
          reason: 'Recherche d’un premier emploi',
          urgency: 'normal',
          liaisonNote: 'Jeune de 19 ans, sans diplôme.\n\nDemande : accompagnement vers l’emploi.',
        },
      });
      expect(sent.status).toBe(201);
      const token = referralLink(sent.body.id, MISSION_LOCALE.id, new Date(sent.body.sentAt));

      const visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      const phone = await visitor.newPage();
      const phoneErrors = watchPageErrors(phone);
      try {
        await phone.goto(`${stack.url}/#/orientation/${token}`);
        await phone.getByRole('heading', { level: 1, name: 'Orientation du Conseil départemental du Lot' }).waitFor();
        await expect(phone.getByRole('navigation').count()).resolves.toBe(0);
        await expect(phone.getByTestId('liaison-note').textContent()).resolves.toContain('accompagnement vers l’emploi');
        await screenshot(phone, 'intake-9-lien-partenaire');
        await expectNoAxeViolations(phone, 'la page du lien signé');

        await phone
          .getByTestId('answer-decline')
          .getByLabel(/^Commentaire/)
          .fill('Nous ne suivons que les 16-25 ans du nord du département.');
        await phone
          .getByTestId('answer-decline')
          .getByLabel(/^Raison du refus/)
          .selectOption('conditions_non_remplies');
        await phone.getByRole('button', { name: 'Refuser l’orientation' }).click();
        await phone.getByTestId('answer-done').waitFor();
        await expect(phone.getByTestId('referral-status').textContent()).resolves.toBe('Refusée');
        await expectNoAxeViolations(phone, 'la page du lien signé (réponse donnée)');

        // Ended: opened again, the link says so and whom to call (410), nothing about the person.
        await phone.reload();
        await phone.getByText(/Cette orientation est terminée/).waitFor();
        await expect(phone.getByText(/appelez Conseil départemental du Lot/).count()).resolves.toBe(1);
        await expect(phone.getByTestId('liaison-note').count()).resolves.toBe(0);
        await expect(phone.getByText('Jeune de 19 ans').count()).resolves.toBe(0);
        await expectNoAxeViolations(phone, 'la page du lien signé (statut seul)');

        // A tampered token is refused in words.
        await phone.goto(`${stack.url}/#/orientation/${token.slice(0, -4)}AAAA`);
        await phone.reload();
        await phone.getByText('Ce lien n’est pas (ou plus) valable').waitFor();
        await expectNoAxeViolations(phone, 'un lien signé refusé');
        expect(phoneErrors.take().every((e) => /40[13]|410/.test(e))).toBe(true);
      } finally {
        await visitor.close();
      }

      const read = await api.call('GET', `/api/referrals/${sent.body.id}`, { token: gramat });
      expect(read.body.status).toBe('declined');
      expect(read.body.history[1]).toMatchObject({
        status: 'declined',
        by: { via: 'link' },
        comment: 'Nous ne suivons que les 16-25 ans du nord du département.',
        reasonCode: 'conditions_non_remplies',
      });
    });
  });

  describe('a person who did not agree to share', () => {
    let restrictedId = '';

    it('shows another organisation only whom to contact', async () => {
      const created = await api.call('POST', '/api/persons', {
        token: await api.token('agent.gramat'),
        body: {
          lastName: 'Lacombe',
          firstName: 'Jean',
          consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
        },
      });
      expect(created.status).toBe(201);
      restrictedId = created.body.id;
      await signInAs('agent.ccas-cahors');
      await open(`#/personnes/${created.body.id}`, 'Personne enregistrée');
      await expect(spaces(await page.getByTestId('restricted').textContent())).toContain(
        'Cette personne a été reçue par Conseil départemental du Lot. Sans son accord de partage, son historique n’est pas visible : contactez cette structure.',
      );
      await screenshot(page, 'intake-10-fiche-restreinte');
      await expectNoAxeViolations(page, 'la fiche restreinte d’une personne');
    });

    it('opens her file for 24 hours through an exceptional access, which needs a reason and is traced', async () => {
      await page.getByRole('button', { name: 'Demander un accès exceptionnel' }).click();
      await expectNoAxeViolations(page, 'la demande d’accès exceptionnel');
      await page.getByRole('button', { name: 'Ouvrir l’accès pour 24 heures' }).click();
      await expect(page.getByTestId('problem').textContent()).resolves.toContain('Explication');
      // The browser reports the refused request (400) in its console: that one is expected.
      expect(errors.take().every((e) => /400/.test(e))).toBe(true);
      await page.getByLabel('Motif').selectOption('danger');
      await page.getByLabel('Explication').fill('Signalement reçu ce matin : il faut connaître ses derniers accueils.');
      await page.getByRole('button', { name: 'Ouvrir l’accès pour 24 heures' }).click();
      await page.getByRole('heading', { level: 1, name: 'Jean LACOMBE' }).waitFor();
      await screenshot(page, 'intake-11-acces-exceptionnel');

      const log = await api.call('GET', `/api/audit?personId=${restrictedId}`, { token: await api.token('pilote') });
      expect(
        log.body.items
          .filter((i: { exceptional?: boolean }) => i.exceptional)
          .map((i: { action: string; reason: string }) => [i.action, i.reason]),
      ).toEqual([
        ['read', 'danger'],
        ['exceptional-access', 'danger'],
      ]);
    });

    it('shows the coordinator the exceptional access at once, with its reason, and the file’s journal with its verification', async () => {
      await signInAs('pilote');
      await nav().getByRole('link', { name: 'Accès exceptionnels' }).click();
      // The coordinator's home (indicators) asks for commune outlines this test stack has none of (404).
      expect(errors.take().every((e) => /status of (404|503)/.test(e))).toBe(true);
      await page.getByRole('heading', { level: 1, name: 'Accès exceptionnels' }).waitFor();
      const row = page.getByTestId('exceptional-access-row').first();
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('Mise en danger de la personne ou d’un tiers');
      await expect(row.textContent()).resolves.toContain('Signalement reçu ce matin');
      await row.getByRole('button', { name: 'Journal du dossier' }).click();
      await page.getByTestId('journal-verification').waitFor();
      await expect(page.getByTestId('journal-verification').textContent()).resolves.toContain('Journal intègre');
      await page.locator('[data-testid="journal-row"][data-exceptional="true"]').first().waitFor();
      await screenshot(page, 'intake-12-acces-exceptionnels-coordination');
      await expectNoAxeViolations(page, 'les accès exceptionnels vus par la coordination');
      expect(errors.take().every((e) => /status of (404|503)/.test(e))).toBe(true);
    });
  });

  describe('a form when the session expires', () => {
    /** The forms' kept drafts in that storage (an expression run in the page). */
    const keptDrafts = (storage: 'sessionStorage' | 'localStorage') =>
      `Object.keys(${storage}).filter((k) => k.startsWith('relais.saisie'))`;
    const SUMMARY = 'Demande de logement en urgence : à rappeler demain matin.';

    it('comes back as it was typed after signing in again (« Votre saisie a été conservée »), and can be discarded', async () => {
      await signInAs('agent.gramat');
      await open('#/accueil', 'Nouvel accueil');
      // The coordinator's home, left just before, may still report its missing commune outlines (404).
      expect(errors.take().every((e) => /status of (404|503)/.test(e))).toBe(true);
      const themes = page.getByRole('combobox', { name: /Thématiques de la demande/ });
      await themes.fill('loge');
      await themeOptions().first().waitFor();
      await themes.press('Enter');
      await page.getByLabel('Résumé de l’échange').fill(SUMMARY);
      // The API refuses the token (it expired meanwhile): the SPA asks to sign in again.
      await page.route('**/api/receptions', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 401,
              contentType: 'application/problem+json',
              body: JSON.stringify({ status: 401, title: 'Non authentifié' }),
            })
          : route.fallback(),
      );
      await page.getByRole('button', { name: 'Enregistrer l’accueil' }).click();
      await page.getByText('Votre session a expiré. Reconnectez-vous.').waitFor();
      await page.unroute('**/api/receptions');
      expect(errors.take().every((e) => /401/.test(e))).toBe(true);
      // Nothing of it is kept where it would outlive the tab.
      await expect(page.evaluate(keptDrafts('localStorage'))).resolves.toEqual([]);

      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvel accueil' }).waitFor();
      const notice = page.getByTestId('draft-restored');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('Votre saisie a été conservée');
      await expect(page.getByLabel('Résumé de l’échange').inputValue()).resolves.toBe(SUMMARY);
      await expect(page.getByTestId('reception-form').textContent()).resolves.toContain('Logement');
      await expectNoAxeViolations(page, 'le formulaire d’accueil rempli de la saisie conservée');

      await notice.getByRole('button', { name: 'Effacer la saisie conservée' }).click();
      await expect(page.getByLabel('Résumé de l’échange').inputValue()).resolves.toBe('');
      await expect(notice.count()).resolves.toBe(0);
      await expect(page.evaluate(keptDrafts('sessionStorage'))).resolves.toEqual([]);
    });

    it('is never shown to another user of the same tab', async () => {
      await signInAs('agent.gramat');
      await open('#/accueil', 'Nouvel accueil');
      await page.getByLabel('Résumé de l’échange').fill(SUMMARY);
      // Kept a moment after the last key.
      for (let tries = 0; tries < 50 && ((await page.evaluate(keptDrafts('sessionStorage'))) as string[]).length !== 1; tries += 1) {
        await page.waitForTimeout(100);
      }
      // The session ends without a sign-out (a reload once its time is over), and someone else signs in.
      await page.evaluate(`(() => {
        const raw = sessionStorage.getItem('relais.session');
        if (raw) sessionStorage.setItem('relais.session', JSON.stringify({ ...JSON.parse(raw), expiresAt: Date.now() - 1000 }));
      })()`);
      await page.reload();
      await page.locator('input[name="username"][value="agent.ccas-cahors"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      signedInAs = 'agent.ccas-cahors';
      await page.getByRole('heading', { level: 1, name: 'Nouvel accueil' }).waitFor();
      await expect(page.getByLabel('Résumé de l’échange').inputValue()).resolves.toBe('');
      await expect(page.getByTestId('draft-restored').count()).resolves.toBe(0);
      await expect(page.evaluate(keptDrafts('sessionStorage'))).resolves.toEqual([]);
    });
  });
});
