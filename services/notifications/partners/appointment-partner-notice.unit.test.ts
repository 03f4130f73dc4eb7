import ICAL from 'ical.js';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { NotificationDeps, TopicMessage, WebhookDelivery } from './notifications.ports';
import { makeNotifyPartner } from './notify-partner.use-case';
import type { IncomingEvent, ReferralFacts } from './referral-events';

const CAF = '01HZCAF0000000000000000000';
const CCAS = '01HZCCAS000000000000000000';
const APPOINTMENT = '01HZAPPOINTMENT00000000000';

/** The notifier with in-memory ports: a topic that attaches files or not, a webhook, kept facts. */
function world({ attachesFiles }: { attachesFiles: boolean }) {
  const published: TopicMessage[] = [];
  const posted: WebhookDelivery[] = [];
  const facts = new Map<string, ReferralFacts>([
    [
      'R1',
      {
        referralId: 'R1',
        fromOrganisationId: CCAS,
        toOrganisationId: CAF,
        themes: ['famille'],
        urgency: 'normal',
        sentAt: '2026-12-07T09:00:00.000Z',
      },
    ],
  ]);
  const deps: NotificationDeps = {
    organisations: {
      getOrganisation: async (id) =>
        id === CAF
          ? { id: CAF, name: 'CAF du Lot', notification: { email: 'rdv@caf.example.org', webhookUrl: 'https://caf.example.org/relais' } }
          : { id: CCAS, name: 'CCAS de Gramat', notification: {} },
      getWebhookSecret: async () => 'whsec_caf',
    },
    topic: {
      inDoubt: 'give-up',
      attachesFiles,
      publish: async (m) => {
        published.push(m);
      },
    },
    webhooks: {
      deliver: async (d) => {
        posted.push(d);
        return { attempts: 1, status: 200 };
      },
    },
    deliveries: {
      claim: async () => 'claimed',
      complete: async () => undefined,
      release: async () => undefined,
      sendOnce: async () => 'sent',
    },
    referrals: { get: async (id) => facts.get(id), save: () => undefined },
    clock: { now: () => new Date('2026-12-07T09:05:00.000Z') },
    sleep: async () => undefined,
    answerLink: async (referralId, organisationId) => ({
      url: `http://localhost:3000/#/orientation/token-${referralId}-${organisationId}`,
      validUntil: new Date('2026-12-21T09:00:00.000Z'),
    }),
    log: { info: () => undefined, warn: () => undefined },
  };
  return { published, posted, notify: makeNotifyPartner(deps) };
}

const booked: IncomingEvent = {
  detailType: 'AppointmentBooked',
  eventId: '01HZEVENTBOOKED00000000000',
  occurredAt: '2026-12-07T09:01:00.000Z',
  data: {
    appointmentId: APPOINTMENT,
    referralId: 'R1',
    siteId: '01HZSITE000000000000000000',
    organisationId: CAF,
    bookedByOrganisationId: CCAS,
    start: '2026-12-15T09:30:00+01:00',
    end: '2026-12-15T10:00:00+01:00',
    channel: 'site',
    at: '2026-12-07T09:01:00.000Z',
    siteName: 'CAF du Lot — Cahors',
    siteAddress: '304 rue Victor Hugo, 46000',
  },
};

const parisTime = (date: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' }).format(date);

describe('the partner’s notice of an appointment booked for its referral (ADR 0039)', () => {
  it('tells the receiving organisation the date, the place and joins a calendar file a calendar library reads back', async () => {
    const w = world({ attachesFiles: true });
    await w.notify.execute(booked, {} as UnitOfWork);
    expect(w.published).toHaveLength(1);
    const [m] = w.published as [TopicMessage];
    expect(m).toMatchObject({ organisationId: CAF, kind: 'appointment', audience: 'receiver' });
    expect(m.subject).toBe('Relais – rendez-vous le mardi 15 décembre 2026 à 9 h 30 pour une orientation du CCAS de Gramat');
    expect(m.text).toContain('Date : mardi 15 décembre 2026 à 9 h 30 (fin à 10 h)');
    expect(m.text).toContain('Lieu : CAF du Lot — Cahors, 304 rue Victor Hugo, 46000');
    expect(m.text).toContain('joint à ce message en fichier agenda');
    // The receiver also gets its signed link (the liaison note), never anything about the person.
    expect(m.text).toContain('#/orientation/token-R1-');

    const [file] = m.attachments ?? [];
    expect(file).toMatchObject({ filename: 'rendez-vous.ics', contentType: expect.stringContaining('text/calendar') });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file?.content ?? '')).getFirstSubcomponent('vevent') ?? undefined);
    expect(parisTime(event.startDate.toJSDate())).toBe('mardi 15 décembre 2026 à 09:30');
    expect(parisTime(event.endDate.toJSDate())).toBe('mardi 15 décembre 2026 à 10:00');
    expect(event.summary).toBe('Rendez-vous sur place — CAF du Lot — Cahors');
    expect(event.location).toBe('CAF du Lot — Cahors, 304 rue Victor Hugo, 46000');
    expect(event.uid).toBe(`${APPOINTMENT}@relais.social`);
  });

  it('puts the appointment in the webhook, without a referral status', async () => {
    const w = world({ attachesFiles: true });
    await w.notify.execute(booked, {} as UnitOfWork);
    const body = JSON.parse((w.posted[0] as WebhookDelivery).body);
    expect(body.type).toBe('referral.appointment');
    expect(body.data).toMatchObject({
      referralId: 'R1',
      fromOrganisationId: CCAS,
      toOrganisationId: CAF,
      appointment: {
        id: APPOINTMENT,
        start: '2026-12-15T09:30:00+01:00',
        end: '2026-12-15T10:00:00+01:00',
        channel: 'site',
        siteName: 'CAF du Lot — Cahors',
      },
    });
    expect(body.data.status).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/person/i);
  });

  it('says where to find the calendar file when the channel carries text only (SNS e-mail)', async () => {
    const w = world({ attachesFiles: false });
    await w.notify.execute(booked, {} as UnitOfWork);
    const [m] = w.published as [TopicMessage];
    expect(m.attachments).toBeUndefined();
    expect(m.text).toContain('se télécharge depuis l’orientation, dans Relais');
    expect(m.sms).toContain('rendez-vous le mardi 15 décembre 2026 à 9 h 30 (sur place)');
  });
});

describe('the partner’s notice of an appointment cancelled (ADR 0042)', () => {
  const cancelled: IncomingEvent = {
    detailType: 'AppointmentCancelled',
    eventId: '01HZEVENTCANCELLED00000000',
    occurredAt: '2026-12-08T14:00:00.000Z',
    data: { ...(booked.data as Record<string, unknown>), at: '2026-12-08T14:00:00.000Z', byOrganisationId: CCAS, sequence: 1 },
  };
  const vevent = (content: string) => new ICAL.Component(ICAL.parse(content));

  it('joins a cancelling calendar file: METHOD:CANCEL, the booked file’s UID, its SEQUENCE + 1', async () => {
    const w = world({ attachesFiles: true });
    await w.notify.execute({ ...booked, data: { ...(booked.data as Record<string, unknown>), sequence: 0 } }, {} as UnitOfWork);
    await w.notify.execute(cancelled, {} as UnitOfWork);
    expect(w.published).toHaveLength(2);
    const [first, second] = w.published as [TopicMessage, TopicMessage];
    const bookedFile = vevent(first.attachments?.[0]?.content ?? '');
    const cancelFile = vevent(second.attachments?.[0]?.content ?? '');
    expect(second.attachments?.[0]?.contentType).toContain('method=CANCEL');
    expect(bookedFile.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cancelFile.getFirstPropertyValue('method')).toBe('CANCEL');
    const before = new ICAL.Event(bookedFile.getFirstSubcomponent('vevent') ?? undefined);
    const after = new ICAL.Event(cancelFile.getFirstSubcomponent('vevent') ?? undefined);
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBe(before.sequence + 1);
    expect(cancelFile.getFirstSubcomponent('vevent')?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parisTime(after.startDate.toJSDate())).toBe('mardi 15 décembre 2026 à 09:30');

    expect(second).toMatchObject({ organisationId: CAF, audience: 'receiver' });
    expect(second.subject).toBe('Relais – rendez-vous du mardi 15 décembre 2026 à 9 h 30 annulé (orientation du CCAS de Gramat)');
    expect(second.text).toContain('est annulé');
    expect(second.text).toContain('retire ce rendez-vous de votre agenda');
    expect(second.sms).toContain('rendez-vous du mardi 15 décembre 2026 à 9 h 30 annulé');
    const body = JSON.parse((w.posted[1] as WebhookDelivery).body);
    expect(body.data.appointment).toMatchObject({ id: APPOINTMENT, cancelled: true });
  });

  it('counts SEQUENCE 1 for a cancellation announced before events carried it', async () => {
    const w = world({ attachesFiles: true });
    const { sequence: _s, ...older } = cancelled.data as Record<string, unknown>;
    await w.notify.execute({ ...cancelled, data: older }, {} as UnitOfWork);
    const [m] = w.published as [TopicMessage];
    const event = new ICAL.Event(vevent(m.attachments?.[0]?.content ?? '').getFirstSubcomponent('vevent') ?? undefined);
    expect(event.sequence).toBe(1);
    expect(event.uid).toBe(`${APPOINTMENT}@relais.social`);
  });
});
