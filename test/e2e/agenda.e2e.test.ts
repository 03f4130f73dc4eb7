/**
 * The partner's side of appointments in Chromium against the local stack (issue 17 point 7):
 * the CAF's partner publishes its site's availability with the keyboard alone (read back through
 * the API), the form's refusals are under their fields; the printable slip of a referral's
 * appointment says the date in words; the site's agenda of the week lists an appointment and
 * cancels it. Each page passes axe-core's WCAG 2.1 A/AA rules.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { weekOfDate } from '../../services/appointments/domain/iso-week';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

jest.setTimeout(180_000);

const CAF = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const CAF_SITE = DEMO_SITES.find((s) => s.organisationId === CAF.id)!;

describe('the partner’s appointments in the browser', () => {
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

  const focused = (selector: string) => page.locator(`${selector}:focus`).count();
  const tabTo = async (selector: string, max = 60) => {
    for (let i = 0; i < max && (await focused(selector)) === 0; i++) await page.keyboard.press('Tab');
    expect(await focused(selector)).toBe(1);
  };

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-agenda-')) });
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

  it('the CAF’s partner publishes its site’s availability with the keyboard; a bad field is refused under it; the API reads it back', async () => {
    await signIn('partenaire.caf');
    await page.goto(`${stack.url}/#/lieux/${CAF_SITE.id}`);
    await page.getByRole('link', { name: 'Disponibilités pour les rendez-vous' }).click();
    await page.getByRole('heading', { level: 1, name: /Disponibilités pour les rendez-vous/ }).waitFor();
    const form = page.getByTestId('availability-form');
    await form.waitFor();
    await expect(form.innerText()).resolves.toContain('Aucune plage');

    // « Ajouter une plage » (Enter): the new row's day takes the focus; Tuesday by typing « ma ».
    await tabTo('button:text("Ajouter une plage")');
    await page.keyboard.press('Enter');
    await page.locator('#champ-body-ranges-0-weekday:focus').waitFor();
    await page.keyboard.type('ma');
    await tabTo('#champ-body-ranges-0-from');
    await page.keyboard.type('1400');
    await tabTo('#champ-body-ranges-0-to');
    await page.keyboard.type('1630');
    await tabTo('#champ-body-ranges-0-slotMinutes');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    const value = (field: string) => form.locator(`#champ-body-ranges-0-${field}`).inputValue();
    await expect(Promise.all(['weekday', 'from', 'to', 'slotMinutes'].map(value))).resolves.toEqual(['2', '14:00', '16:30', '3']);
    // The horizon: a whole year (every public holiday of the year is then listed).
    await tabTo('#champ-body-horizonDays');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('365');
    await page.keyboard.press('Enter');

    // Three minutes is refused under its field, and in the summary.
    const durationError = form.locator('#champ-body-ranges-0-slotMinutes-erreur');
    await durationError.waitFor();
    await expect(durationError.innerText()).resolves.toContain('5 minutes au moins');
    await expect(form.getByTestId('problem').innerText()).resolves.toContain('Durée');
    await expectNoAxeViolations(page, 'disponibilités refusées');

    await form.locator('#champ-body-ranges-0-slotMinutes').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('45');
    // A closure: « Ajouter une fermeture », the dates typed day, month, year.
    await tabTo('button:text("Ajouter une fermeture")');
    await page.keyboard.press('Enter');
    await page.locator('#champ-body-exceptions-0-from:focus').waitFor();
    const year = new Date().getFullYear() + 1;
    // A date input's segments follow the browser's own language, not the page's: the dates are filled.
    await form.locator('#champ-body-exceptions-0-from').fill(`${year}-03-02`);
    await form.locator('#champ-body-exceptions-0-to').fill(`${year}-03-06`);
    await tabTo('#champ-body-exceptions-0-reason');
    await page.keyboard.type('Formation de l’équipe');
    await expect(page.getByTestId('public-holidays').innerText()).resolves.toContain('Noël');
    await page.keyboard.press('Enter');
    await page.getByText('Les disponibilités ont été publiées.').waitFor();
    await expectNoAxeViolations(page, 'disponibilités d’un lieu');

    const stored = await api.call('GET', `/api/sites/${CAF_SITE.id}/availability`, { token: await api.token('pilote') });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      ranges: [{ weekday: 2, from: '14:00', to: '16:30', slotMinutes: 45, capacity: 1, channel: 'site' }],
      exceptions: [{ from: `${year}-03-02`, to: `${year}-03-06`, reason: 'Formation de l’équipe' }],
      horizonDays: 365,
      version: 1,
    });
  });

  it('the printable slip of a referral’s appointment says the date in words and the place; on paper, the slip alone', async () => {
    const gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Convoquée',
        firstName: 'Lina',
        birthDate: '1990-05-04',
        phone: '06 45 00 00 19',
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    const referral = await api.call('POST', '/api/referrals', {
      token: gramat,
      body: {
        toOrganisationId: CAF.id,
        personId: person.body.id,
        themes: ['famille'],
        reason: 'Ouverture de droits',
        urgency: 'normal',
        liaisonNote: 'Note',
      },
    });
    expect(referral.status).toBe(201);
    await stack.drain();
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const slots = await api.call('GET', `/api/sites/${CAF_SITE.id}/slots?from=${today}&to=${later}`, { token: gramat });
    expect(slots.status).toBe(200);
    const slot = slots.body.items[0] as { start: string };
    const booked = await api.call('POST', '/api/appointments', {
      token: gramat,
      body: { siteId: CAF_SITE.id, start: slot.start, referralId: referral.body.id },
    });
    expect(booked.status).toBe(201);
    await stack.drain();

    await signIn('agent.gramat');
    await page.goto(`${stack.url}/#/orientations/${referral.body.id}`);
    await page.getByRole('link', { name: 'Convocation à imprimer pour la personne' }).click();
    const slip = page.getByTestId('appointment-slip');
    await slip.waitFor();
    const words = new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    })
      .format(new Date(slot.start))
      .replace(/^(\S+) 1 /, '$1 1er ');
    await expect(page.getByTestId('slip-when').innerText()).resolves.toBe(`Le ${words}, à ${timeOf(slot.start)}`);
    await expect(slip.innerText()).resolves.toContain(CAF_SITE.address);
    await expect(slip.innerText()).resolves.toContain('Lina Convoquée');
    await expectNoAxeViolations(page, 'convocation à un rendez-vous');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Imprimer la convocation' }).isVisible()).resolves.toBe(false);
    await expect(slip.isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('the site’s agenda of the week: week after week to the appointment, cancelled from its day’s list; on paper, the lists alone', async () => {
    const gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Agendée',
        firstName: 'Mona',
        birthDate: '1991-05-04',
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    const referral = await api.call('POST', '/api/referrals', {
      token: gramat,
      body: {
        toOrganisationId: CAF.id,
        personId: person.body.id,
        themes: ['famille'],
        reason: 'Droits',
        urgency: 'normal',
        liaisonNote: 'Note',
      },
    });
    expect(referral.status).toBe(201);
    await stack.drain();
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const slots = await api.call('GET', `/api/sites/${CAF_SITE.id}/slots?from=${today}&to=${later}`, { token: gramat });
    const slot = slots.body.items[1] as { start: string };
    const booked = await api.call('POST', '/api/appointments', {
      token: gramat,
      body: { siteId: CAF_SITE.id, start: slot.start, referralId: referral.body.id },
    });
    expect(booked.status).toBe(201);

    await signIn('partenaire.caf');
    await page.goto(`${stack.url}/#/lieux/${CAF_SITE.id}`);
    await page.getByRole('link', { name: 'Agenda des rendez-vous de la semaine' }).click();
    await page.getByRole('heading', { level: 1, name: /Agenda des rendez-vous/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Lundi / }).waitFor();
    // « Semaine suivante » with the keyboard until the appointment's week.
    const day = new Intl.DateTimeFormat('fr-FR', {
      timeZone: 'Europe/Paris',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(slot.start));
    const dayHeading = page.getByRole('heading', { level: 2, name: new RegExp(`^${day}$`, 'i') });
    for (let i = 0; i < 8 && (await dayHeading.count()) === 0; i++) {
      await page.getByRole('button', { name: 'Semaine suivante' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
    }
    await dayHeading.waitFor();
    const hhmm = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(
      new Date(slot.start),
    );
    const item = page.locator('[data-testid="agenda-item"][data-status="booked"]', { hasText: `${hhmm} –` });
    await item.first().waitFor();
    // No name, no file read: the referral is one link away.
    await expect(item.first().innerText()).resolves.not.toMatch(/Mona|Agendée/);
    await expect(item.first().getByRole('link', { name: 'orientation de la personne' }).getAttribute('href')).resolves.toBe(
      `#/orientations/${referral.body.id}`,
    );
    await expectNoAxeViolations(page, 'agenda de la semaine');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Semaine suivante' }).isVisible()).resolves.toBe(false);
    await expect(item.first().isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await item
      .first()
      .getByRole('button', { name: /^Annuler le rendez-vous du / })
      .focus();
    await page.keyboard.press('Enter');
    await page.getByText(/marqué annulé\./).waitFor();
    await page.locator(`[data-testid="agenda-item"][data-status="cancelled"]`).first().waitFor();
    const stored = await api.call('GET', `/api/sites/${CAF_SITE.id}/appointments?week=${isoWeek(slot.start)}`, {
      token: await api.token('partenaire.caf'),
    });
    expect(stored.body.items.find((i: { id: string }) => i.id === booked.body.id)).toMatchObject({ status: 'cancelled', person: {} });
    await expectNoAxeViolations(page, 'agenda après une annulation');
  });
});

/** The ISO week (`YYYY-Www`) of an instant, in Paris. */
function isoWeek(iso: string): string {
  return weekOfDate(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso)));
}

/** « 14 h », « 14 h 45 » in Paris time. */
function timeOf(iso: string): string {
  const [hour, minute] = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(iso))
    .split(':');
  return `${Number(hour)} h${minute === '00' ? '' : ` ${minute}`}`;
}
