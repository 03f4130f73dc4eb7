/**
 * The person's self-booking page in Chromium against the local stack (issue 17, ADR 0029): a
 * referral to the CAF, its agent gives the person a link; on a 390 px phone, without an account
 * and with the keyboard alone, she chooses a slot and confirms; axe-core reports no violation;
 * the link then no longer serves (410, said in words). From her SMS's link she moves her
 * appointment, then cancels it, with the keyboard alone on the same phone (ADR 0042).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { manageToken } from '../../services/appointments/domain/manage-link';
import { weekOfDate } from '../../services/appointments/domain/iso-week';
import { bookingLinkDeps } from '../../services/appointments/handlers/deps';
import { makeSendDueReminders } from '../../services/appointments/use-cases/reminders.use-cases';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { nextAllowedTime } from '../../shared/sms/send-time';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

const CAF = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const CAF_SITE = DEMO_SITES.find((s) => s.organisationId === CAF.id)!;

describe('the person’s self-booking page', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let link: string;
  let referralId: string;

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-appointments-')),
    });
    await stack.drain();
    api = apiClient(stack.url);
    const pilote = await api.token('pilote');
    const current = await api.call('GET', `/api/sites/${CAF_SITE.id}/availability`, { token: pilote });
    expect(current.status).toBe(200);
    const published = await api.call('PUT', `/api/sites/${CAF_SITE.id}/availability`, {
      token: pilote,
      body: {
        ranges: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '12:00', slotMinutes: 30, capacity: 1, channel: 'site' })),
        horizonDays: 30,
        minNoticeHours: 0,
        version: current.body.version,
      },
    });
    expect(published.status).toBe(200);
    const gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Lien',
        firstName: 'Aurore',
        birthDate: '1984-02-11',
        phone: '06 45 00 00 09',
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
    referralId = referral.body.id;
    await stack.drain();
    const given = await api.call('POST', `/api/referrals/${referral.body.id}/booking-link`, {
      token: gramat,
      body: { siteId: CAF_SITE.id },
    });
    expect(given.status).toBe(201);
    link = (given.body.link as string).replace(/^https?:\/\/[^/]+/, stack.url);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const focusedIs = async (page: Page, selector: string) => (await page.locator(`${selector}:focus`).count()) > 0;

  it('chooses a slot on a 390 px phone with the keyboard alone, confirms, and the link then says it has served', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      isMobile: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Choisir mon rendez-vous' }).waitFor();
      await expect(page.getByRole('navigation').count()).resolves.toBe(0);
      await page.getByRole('radio').first().waitFor();
      await expectNoAxeViolations(page, 'la page de prise de rendez-vous de la personne');
      // No horizontal scrolling at 390 px.
      expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(390);

      // Tab to the first day's slots, Space chooses the first, → the next one of that day.
      for (let i = 0; i < 30 && !(await focusedIs(page, 'input[type=radio]')); i++) await page.keyboard.press('Tab');
      expect(await focusedIs(page, 'input[type=radio]')).toBe(true);
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      const chosen = await page.locator('input[type=radio]:focus').inputValue();
      expect(await page.locator('input[type=radio]:focus').isChecked()).toBe(true);
      const chosenTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(
        new Date(chosen.split('|')[0]!),
      );
      for (let i = 0; i < 80 && !(await focusedIs(page, 'button[type=submit]')); i++) await page.keyboard.press('Tab');
      expect(await focusedIs(page, 'button[type=submit]')).toBe(true);
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { level: 1, name: 'Rendez-vous confirmé' }).waitFor();
      await expect(page.getByText(`à ${chosenTime}`).count()).resolves.toBeGreaterThan(0);
      await expectNoAxeViolations(page, 'la page de prise de rendez-vous (confirmé)');

      // Opened again: the link has served (410), said in words.
      await page.reload();
      await page.getByText('Vous avez déjà choisi votre rendez-vous avec ce lien').waitFor();
      await expectNoAxeViolations(page, 'la page de prise de rendez-vous (lien déjà utilisé)');
      expect(errors.take().every((e) => /410/.test(e))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('from her SMS’s link, on a 390 px phone with the keyboard alone, moves her appointment, then cancels it (ADR 0042)', async () => {
    const gramat = await api.token('agent.gramat');
    const slots = await api.call('GET', `/api/sites/${CAF_SITE.id}/slots?from=${dayAfter(2)}&to=${dayAfter(20)}`, { token: gramat });
    const first = slots.body.items[3] as { start: string };
    const booked = await api.call('POST', '/api/appointments', {
      token: gramat,
      body: { siteId: CAF_SITE.id, start: first.start, referralId },
    });
    expect(booked.status).toBe(201);
    // Her booking SMS goes at the first allowed time: its link opens her page.
    await makeSendDueReminders({
      ...bookingLinkDeps,
      clock: { now: () => nextAllowedTime(new Date(), bookingLinkDeps.reminderRules()) },
    }).execute();
    await stack.drain();
    const text = await waitFor(async () => {
      const res = await api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await api.token('pilote') });
      return (res.body.items as Array<{ payload: { text: string } }>)
        .map((i) => i.payload.text)
        .find((t) => t.includes(`/#/rdv/${booked.body.id}.`));
    }, 'her SMS with the link');
    const smsLink = /(https?:\/\/\S+\/#\/rdv\/\S+)$/.exec(text)?.[1] ?? '';
    expect(smsLink).not.toBe('');

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      isMobile: true,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(smsLink.replace(/^https?:\/\/[^/]+/, stack.url));
      await page.getByRole('heading', { level: 1, name: 'Mon rendez-vous' }).waitFor();
      await page.getByRole('radio').first().waitFor();
      const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long' }).format(
        new Date(first.start),
      );
      await expect(page.locator('.appointment-details').innerText()).resolves.toContain(when);
      await expect(page.locator('.appointment-details').innerText()).resolves.toContain(CAF_SITE.address);
      await expectNoAxeViolations(page, 'la page de son rendez-vous');
      expect(await page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth)).toBeLessThanOrEqual(390);

      // Tab to the slots, Space chooses the first one; Tab to « Déplacer », Enter.
      for (let i = 0; i < 40 && !(await focusedIs(page, 'input[type=radio]')); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      const chosen = (await page.locator('input[type=radio]:focus').inputValue()).split('|')[0]!;
      for (let i = 0; i < 80 && !(await focusedIs(page, 'button[type=submit]')); i++) await page.keyboard.press('Tab');
      expect(await page.locator('button[type=submit]:focus').innerText()).toBe('Déplacer mon rendez-vous à ce créneau');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Rendez-vous déplacé' }).waitFor();
      await expectNoAxeViolations(page, 'la page de son rendez-vous (déplacé)');
      const linkPath = new URL(smsLink).hash.replace('#/rdv/', '/api/appointment-links/');
      const old = await api.call('GET', linkPath);
      expect([old.status, old.body.appointment.status]).toEqual([200, 'cancelled']);

      // The new appointment's link (as its SMS will carry it): « Annuler ce rendez-vous », then « Oui ».
      const week = await api.call('GET', `/api/sites/${CAF_SITE.id}/appointments?week=${weekOfDate(dayOfInstant(chosen))}`, {
        token: await api.token('partenaire.caf'),
      });
      const moved = (week.body.items as Array<{ id: string; start: string; status: string }>).find(
        (i) => Date.parse(i.start) === Date.parse(chosen) && i.status === 'booked',
      );
      expect(moved).toBeDefined();
      const token = manageToken(moved!.id, await bookingLinkDeps.linkSecret());
      // Opened from its own SMS: a new load of the page (a hash change alone keeps the page of the first link).
      await page.goto(`${stack.url}/#/rdv/${token}`);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Mon rendez-vous' }).waitFor();
      await page.getByRole('radio').first().waitFor();
      for (let i = 0; i < 40 && !(await focusedIs(page, 'button:text("Annuler ce rendez-vous")')); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Oui, annuler ce rendez-vous' }).waitFor();
      await expectNoAxeViolations(page, 'la page de son rendez-vous (annuler ?)');
      // The focus is on the question's answer.
      expect(await focusedIs(page, 'button:text("Oui, annuler ce rendez-vous")')).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Rendez-vous annulé' }).waitFor();
      await expectNoAxeViolations(page, 'la page de son rendez-vous (annulé)');
      expect((await api.call('GET', `/api/appointment-links/${token}`)).body.appointment.status).toBe('cancelled');
      expect(errors.take()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const dayOfInstant = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
