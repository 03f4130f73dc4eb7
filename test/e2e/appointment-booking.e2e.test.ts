/**
 * Booking while orienting, in Chromium against the local stack (issue 17 acceptance, ADR 0039):
 * the CAF publishes its availability (Tuesdays 9:00–10:00, slots of 30 minutes); a reception
 * agent of the CCAS de Gramat orients a person to the CAF and, with the keyboard alone, books
 * « mardi … à 9 h 30 » in the same flow; the referral's page says so. The CAF's notification in
 * the local outbox carries the appointment and a calendar file that ical.js parses back (start
 * 9:30 Paris, summary, place); the person's SMS is in the local SMS outbox. axe-core reports no
 * violation on the form.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { LAST_CALL_MS } from '../../services/appointments/domain/reminders';
import { appointmentsDeps, bookingLinkDeps } from '../../services/appointments/handlers/deps';
import { makeSendDueReminders } from '../../services/appointments/use-cases/reminders.use-cases';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { nextAllowedTime } from '../../shared/sms/send-time';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

const CAF = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;
const CAF_SITE = DEMO_SITES.find((s) => s.organisationId === CAF.id)!;
const PHONE = '+33612349977';
const PARIS = 'Europe/Paris';
const parisWallTime = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(date);

interface OutboxItem {
  to: string;
  at: string;
  payload: {
    kind?: string;
    subject?: string;
    text: string;
    attachments?: Array<{ filename: string; contentType: string; content: string }>;
  };
}

describe('booking the CAF’s appointment while orienting, with the keyboard', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let personId = '';

  const outbox = async (channel: 'sms' | 'notification'): Promise<OutboxItem[]> => {
    const res = await api.call('GET', `/api/dev/outbox?channel=${channel}&limit=200`, { token: await api.token('pilote') });
    expect(res.status).toBe(200);
    return res.body.items as OutboxItem[];
  };

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-appointment-booking-')) });
    await stack.drain();
    api = apiClient(stack.url);
    // The demo publishes no availability: the CAF opens Tuesdays 9:00–10:00.
    const partner = await api.token('partenaire.caf');
    const current = await waitFor(async () => {
      const res = await api.call('GET', `/api/sites/${CAF_SITE.id}/availability`, { token: partner });
      return res.status === 200 ? res : undefined;
    }, 'the CAF site known to appointments');
    const published = await api.call('PUT', `/api/sites/${CAF_SITE.id}/availability`, {
      token: partner,
      body: {
        ranges: [{ weekday: 2, from: '09:00', to: '10:00', slotMinutes: 30, capacity: 1, channel: 'site' }],
        exceptions: [],
        horizonDays: 30,
        minNoticeHours: 0,
        openOnPublicHolidays: true,
        version: current.body.version,
      },
    });
    expect(published.status).toBe(200);
    const gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Borderie',
        firstName: 'Aline',
        birthDate: '1988-04-09',
        phone: PHONE,
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    personId = person.body.id;
    await stack.drain();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The label of the radio button that has the focus ('' when none has). */
  const focusedLabel = async (page: Page) => {
    const focused = page.locator('input[type=radio]:focus');
    return (await focused.count()) ? ((await focused.locator('xpath=ancestor::label').textContent()) ?? '').trim() : '';
  };

  it('orients her to the CAF and books Tuesday 9:30 in one flow; the CAF is told with a calendar file, she gets an SMS', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: PARIS });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${stack.url}/#/connexion`);
      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: homeHeading('agent.gramat') }).waitFor();
      await page.goto(`${stack.url}/#/orientations/nouvelle?personne=${personId}&themes=famille`);
      await page.getByRole('heading', { level: 1, name: 'Orienter une personne' }).waitFor();

      // The keyboard only: type the partner's name, pick it, then the reason and the note.
      await page.getByRole('combobox', { name: /Structure destinataire/ }).focus();
      await page.keyboard.type('caf');
      await page.getByRole('option', { name: /CAF du Lot/ }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByLabel(/^Motif/).focus();
      await page.keyboard.type('Ouverture de droits');
      await page.getByLabel(/^Fiche de liaison/).focus();
      await page.keyboard.type('Séparation récente. Demande : étude des droits.');

      // The CAF publishes slots: the form proposes them. Arrow keys choose « prendre un rendez-vous ».
      const none = page.getByRole('radio', { name: 'Pas de rendez-vous pour l’instant' });
      await none.waitFor();
      await none.focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('radio', { name: 'Prendre un rendez-vous maintenant, avec la personne' }).isChecked()).resolves.toBe(
        true,
      );
      const slots = page.getByTestId('appointmentSlot-slots');
      await slots.waitFor();
      await expectNoAxeViolations(page, 'le formulaire d’orientation avec ses créneaux de rendez-vous');

      // Tab into the slots, then the arrows until the first Tuesday at 9:30 that her booking SMS can
      // still announce: it goes at the first time out of the quiet hours, and never within the hour
      // before the appointment (LAST_CALL_MS). Booked on a Monday evening, tomorrow's 9:30 would be
      // announced at 9:00 at the earliest — too late, so no SMS: the Tuesday after is taken then.
      const firstAnnounce = nextAllowedTime(new Date(), appointmentsDeps.reminderRules()).getTime();
      const announceable = async () => {
        const value = await page.locator('input[name="appointmentSlot"]:focus').inputValue();
        return Date.parse(value.split('|')[0] ?? '') - firstAnnounce > LAST_CALL_MS;
      };
      await page.keyboard.press('Tab');
      let label = await focusedLabel(page);
      for (let i = 0; i < 12 && !(/^mardi .+ à 9 h 30$/.test(label) && (await announceable())); i++) {
        await page.keyboard.press('ArrowDown');
        label = await focusedLabel(page);
      }
      expect(label).toMatch(/^mardi \d{1,2}(er)? \p{L}+ à 9 h 30$/u);
      await page.keyboard.press('Space');
      const chosen = await page.locator('input[name="appointmentSlot"]:checked').inputValue();
      const start = new Date(chosen.split('|')[0] ?? '');
      expect(parisWallTime(start)).toBe('mardi 09:30');

      // Tab to the button that sends and books, Enter.
      const submit = page.getByRole('button', { name: 'Envoyer l’orientation et prendre le rendez-vous' });
      const submitFocused = async () => (await page.locator('button[type=submit]:focus').count()) > 0;
      for (let i = 0; i < 20 && !(await submitFocused()); i++) await page.keyboard.press('Tab');
      await expect(page.locator('button[type=submit]:focus').textContent()).resolves.toBe(await submit.textContent());
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { level: 1, name: 'Orientation vers la CAF du Lot' }).waitFor();
      await page.getByText(`Rendez-vous pris pour la personne le ${label}.`).waitFor();
      const referralId = page.url().split('#/orientations/')[1] ?? '';
      expect(referralId).toMatch(/^[0-9A-Z]{26}$/);
      // Nothing failed but, perhaps, the booking tried while appointments did not know the referral yet (422, tried again).
      expect(errors.take().filter((e) => !/status of 422/.test(e))).toEqual([]);

      // The referral carries the appointment (intake consumed AppointmentBooked).
      await stack.drain();
      const referral = await api.call('GET', `/api/referrals/${referralId}`, { token: await api.token('agent.gramat') });
      expect(referral.body.appointments).toEqual([
        expect.objectContaining({ siteId: CAF_SITE.id, status: 'booked', channel: 'site', start: chosen.split('|')[0] }),
      ]);

      // The CAF's notification of the appointment, with its calendar file.
      const notice = await waitFor(
        async () => (await outbox('notification')).find((i) => i.to === CAF.id && i.payload.kind === 'referral.appointment'),
        'the CAF’s appointment notification in the local outbox',
      );
      expect(notice.payload.text).toContain(`à 9 h 30`);
      expect(notice.payload.text).toContain(`Lieu : ${CAF_SITE.name}`);
      const [ics] = notice.payload.attachments ?? [];
      expect(ics?.filename).toBe('rendez-vous.ics');
      const vevent = new ICAL.Component(ICAL.parse(ics?.content ?? '')).getFirstSubcomponent('vevent');
      expect(vevent).not.toBeNull();
      const event = new ICAL.Event(vevent ?? undefined);
      expect(event.startDate.toJSDate().toISOString()).toBe(start.toISOString());
      expect(parisWallTime(event.startDate.toJSDate())).toBe('mardi 09:30');
      expect(event.summary).toBe(`Rendez-vous sur place — ${CAF_SITE.name}`);
      expect(event.location).toContain(CAF_SITE.name);

      // The CAF without an account opens the signed link of its notice: the appointment, and its calendar file.
      const link = /(https?:\/\/\S+#\/orientation\/\S+)/.exec(notice.payload.text)?.[1] ?? '';
      expect(link).not.toBe('');
      const partnerPage = await context.newPage();
      await partnerPage.goto(link.replace(/^https?:\/\/[^/#]+/, stack.url));
      const onLink = partnerPage.getByTestId('referral-appointments');
      await onLink.waitFor();
      await expect(onLink.textContent()).resolves.toContain(label);
      const href = (await onLink.getByTestId('appointment-ics').getAttribute('href')) ?? '';
      const linked = new ICAL.Event(
        new ICAL.Component(ICAL.parse(decodeURIComponent(href.replace(/^data:text\/calendar;charset=utf-8,/, '')))).getFirstSubcomponent(
          'vevent',
        ) ?? undefined,
      );
      expect(linked.uid).toBe(event.uid);
      expect(linked.startDate.toJSDate().toISOString()).toBe(start.toISOString());
      await expectNoAxeViolations(partnerPage, 'la page du lien signé du partenaire, avec le rendez-vous');
      await partnerPage.close();

      // The person's SMS: the booking message goes at the first allowed time (now, or after the quiet hours).
      await makeSendDueReminders({
        ...bookingLinkDeps,
        clock: { now: () => nextAllowedTime(new Date(), appointmentsDeps.reminderRules()) },
      }).execute();
      await stack.drain();
      const sms = await waitFor(
        async () => (await outbox('sms')).find((i) => i.to === PHONE && i.payload.text.startsWith('Relais : rendez-vous pris le')),
        'the person’s SMS in the local outbox',
      );
      expect(sms.payload.text).toContain('9h30');
      expect(sms.payload.text).not.toMatch(/Borderie|Aline/);
    } finally {
      await context.close();
    }
  });
});
