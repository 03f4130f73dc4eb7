/**
 * Appointments through HTTP on the local stack (issue 17, API.md « Appointments »): a partner
 * publishes its site's availability (optimistic version, every bad field named), staff read the
 * free slots (paged, Paris offsets), an agent books one for a referral her organisation sent
 * (422 naming `slot` for a start that is not one, 409 with the next free slots for a taken one,
 * 400 for a time without offset), 20 bookings race for one place (one 201, nineteen 409), the
 * booking and the site's organisations cancel, the site's organisation says honoured or missed
 * once the start has passed, and the appointment is a calendar file.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack';
import { nextDay, parisIso, toParis } from '../../services/appointments/domain/paris-time';
import { appointmentsDeps, bookingLinkDeps } from '../../services/appointments/handlers/deps';
import { handler as personData } from '../../services/appointments/handlers/person-data.handler';
import { DynamoAppointmentsRepository } from '../../services/appointments/store/appointments.repository';
import { makeReadAppointmentLink } from '../../services/appointments/use-cases/manage-link.use-cases';
import { makeSendDueReminders } from '../../services/appointments/use-cases/reminders.use-cases';
import { DEMO_ORGANISATIONS, DEMO_SITES } from '../../services/directory/demo/lot-demo';
import { PersonErased } from '../../services/intake/events/intake.events';
import { tableName } from '../../shared/config/settings';
import { ddb } from '../../shared/dynamo/client';
import { UnitOfWork } from '../../shared/dynamo/unit-of-work';
import { publishInTransaction } from '../../shared/events/outbox';
import { gsm7Length, smsSegments } from '../../shared/sms/gsm7';
import { nextAllowedTime } from '../../shared/sms/send-time';
import { newId } from '../../shared/validation/common.schema';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { distinctName } from '../support/names';
import { waitFor } from '../support/wait';

jest.setTimeout(180_000);

let stack: LocalStack;
let api: Api;
const tokens: Record<string, string> = {};
const org = (type: string) => DEMO_ORGANISATIONS.find((o) => o.type === type)!;
const caf = org('caf');
const missionLocale = org('mission-locale');
const cafSite = DEMO_SITES.find((s) => s.organisationId === caf.id)!;
const missionLocaleSite = DEMO_SITES.find((s) => s.organisationId === missionLocale.id)!;
const USERS = ['agent.gramat', 'agent.ccas-cahors', 'partenaire.caf', 'partenaire.mission-locale', 'pilote'];

const call = (username: string, method: string, path: string, body?: unknown) => api.call(method, path, { token: tokens[username], body });
const paths = (res: { body: { errors?: Array<{ path: string }> } }) => (res.body.errors ?? []).map((e) => e.path).sort();

/** Every day, 08:00–18:00 in 30-minute slots for one person, bookable from now on, holidays included. */
const OPEN_EVERY_DAY = {
  ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '18:00', slotMinutes: 30, capacity: 1, channel: 'site' })),
  exceptions: [] as Array<{ from: string; to: string; reason: string }>,
  horizonDays: 30,
  minNoticeHours: 0,
  openOnPublicHolidays: true,
};

const today = () => toParis(Date.now()).date;
/** A Paris wall time `days` from today, with its offset. */
const at = (days: number, time: string) => {
  const date = nextDay(today(), days);
  const [h, m] = time.split(':').map(Number) as [number, number];
  // Build the instant through the offset Paris has that day at noon (no DST change at these hours).
  const offset = toParis(Date.parse(`${date}T12:00:00Z`)).offsetMinutes;
  return parisIso(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h, m) - offset * 60_000);
};

let referralId: string;
let availabilityVersion = 0;

async function newReferral(from = 'agent.gramat', to = caf.id, phone?: string): Promise<string> {
  const person = await call(from, 'POST', '/api/persons', {
    lastName: distinctName('Rendezvous'),
    firstName: 'Alix',
    birthDate: '1980-06-01',
    ...(phone ? { phone } : {}),
    consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
  });
  expect(person.status).toBe(201);
  const referral = await call(from, 'POST', '/api/referrals', {
    toOrganisationId: to,
    personId: person.body.id,
    themes: ['famille'],
    reason: 'Ouverture de droits',
    urgency: 'normal',
    liaisonNote: 'Note de liaison',
  });
  expect(referral.status).toBe(201);
  await stack.drain();
  return referral.body.id as string;
}

async function outbox(detailType: string): Promise<Array<{ data: Record<string, unknown> }>> {
  const out = await ddb().send(
    new ScanCommand({
      TableName: tableName('appointments', 'main'),
      FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
      ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': detailType },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.detail as string));
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  for (const u of USERS) tokens[u] = await api.token(u);
  await stack.drain();
  // The directory's SiteChanged reached appointments.
  await waitFor(
    async () => ((await call('pilote', 'GET', `/api/sites/${cafSite.id}/availability`)).status === 200 ? true : undefined),
    'the CAF site',
  );
  referralId = await newReferral();
});

afterAll(async () => {
  await stack?.stop();
});

describe('availability', () => {
  it('is empty (version 0) until published; the site’s partner publishes it; a stale version is a 409', async () => {
    const before = await call('agent.gramat', 'GET', `/api/sites/${cafSite.id}/availability`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ siteId: cafSite.id, ranges: [], version: 0 });
    const put = await call('partenaire.caf', 'PUT', `/api/sites/${cafSite.id}/availability`, { ...OPEN_EVERY_DAY, version: 0 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ siteId: cafSite.id, version: 1, horizonDays: 30, minNoticeHours: 0 });
    expect(put.body.ranges).toHaveLength(7);
    availabilityVersion = 1;
    const stale = await call('partenaire.caf', 'PUT', `/api/sites/${cafSite.id}/availability`, { ...OPEN_EVERY_DAY, version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('appointments.availability.version-conflict');
  });

  it('is edited only by the coordination or a partner of the site’s organisation', async () => {
    const other = await call('partenaire.mission-locale', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ...OPEN_EVERY_DAY,
      version: availabilityVersion,
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('appointments.availability.forbidden');
    const agent = await call('agent.gramat', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ...OPEN_EVERY_DAY,
      version: availabilityVersion,
    });
    expect(agent.status).toBe(403);
    const pilote = await call('pilote', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ...OPEN_EVERY_DAY,
      version: availabilityVersion,
    });
    expect(pilote.status).toBe(200);
    availabilityVersion = pilote.body.version;
    expect(availabilityVersion).toBe(2);
  });

  it('names every bad field (400) and writes nothing', async () => {
    const res = await call('partenaire.caf', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ranges: [
        { weekday: 9, from: '08:00', to: '25:00', slotMinutes: 30, capacity: 1, channel: 'site' },
        { weekday: 1, from: '10:00', to: '09:00', slotMinutes: 3, capacity: 0, channel: 'pigeon' },
      ],
      exceptions: [{ from: 'demain', to: '2026-01-01', reason: '' }],
      horizonDays: 0,
      minNoticeHours: -1,
      version: 'deux',
      colour: 'rouge',
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(
      [
        'body.colour',
        'body.exceptions.0.from',
        'body.exceptions.0.reason',
        'body.horizonDays',
        'body.minNoticeHours',
        'body.ranges.0.to',
        'body.ranges.0.weekday',
        'body.ranges.1.capacity',
        'body.ranges.1.channel',
        'body.ranges.1.slotMinutes',
        'body.version',
      ].sort(),
    );
    const after = await call('partenaire.caf', 'GET', `/api/sites/${cafSite.id}/availability`);
    expect(after.body.version).toBe(availabilityVersion);
  });

  it('answers 404 for a site the directory never announced, 400 for an id that is not one', async () => {
    expect((await call('pilote', 'GET', '/api/sites/01KDVDZZZZZZZZZZZZZZZZZZZZ/availability')).status).toBe(404);
    const bad = await call('pilote', 'GET', '/api/sites/nope/availability');
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['path.id']);
  });
});

describe('free slots', () => {
  it('lists the slots with their Paris offset, page after page, none twice', async () => {
    const from = nextDay(today(), 2);
    const first = await call('agent.ccas-cahors', 'GET', `/api/sites/${cafSite.id}/slots?from=${from}&to=${from}&limit=8`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(8);
    expect(first.body.items[0]).toEqual({ start: at(2, '08:00'), end: at(2, '08:30'), channel: 'site', remaining: 1 });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const seen = new Set<string>(first.body.items.map((s: { start: string }) => s.start));
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const page = await call(
        'agent.ccas-cahors',
        'GET',
        `/api/sites/${cafSite.id}/slots?from=${from}&to=${from}&limit=8&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(page.status).toBe(200);
      for (const s of page.body.items) {
        expect(seen.has(s.start)).toBe(false);
        seen.add(s.start);
      }
      cursor = page.body.nextCursor;
    }
    expect(seen.size).toBe(20); // 08:00 to 17:30
  });

  it('names every bad query field (400), and a tampered cursor', async () => {
    const res = await call('pilote', 'GET', `/api/sites/${cafSite.id}/slots?from=demain&to=2026-13-01&limit=0`);
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['query.from', 'query.limit', 'query.to']);
    const backwards = await call('pilote', 'GET', `/api/sites/${cafSite.id}/slots?from=2027-02-02&to=2027-02-01`);
    expect(paths(backwards)).toEqual(['query.to']);
    const tampered = await call('pilote', 'GET', `/api/sites/${cafSite.id}/slots?from=2027-02-01&to=2027-02-02&cursor=abc.def`);
    expect(tampered.status).toBe(400);
    expect(paths(tampered)).toEqual(['query.cursor']);
  });
});

describe('booking', () => {
  it('books a slot for the referral (201), announces it without personal data, and the slot is no longer free', async () => {
    const start = at(3, '09:30');
    const res = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      siteId: cafSite.id,
      organisationId: caf.id,
      referralId,
      start,
      end: at(3, '10:00'),
      status: 'booked',
    });
    const events = await outbox('AppointmentBooked');
    const event = events.find((e) => e.data.appointmentId === res.body.id);
    expect(event?.data).toMatchObject({ siteId: cafSite.id, organisationId: caf.id, start, channel: 'site' });
    expect(JSON.stringify(event)).not.toMatch(/personId|Rendezvous|Alix/);
    const slots = await call('agent.gramat', 'GET', `/api/sites/${cafSite.id}/slots?from=${nextDay(today(), 3)}&to=${nextDay(today(), 3)}`);
    expect(slots.body.items.map((s: { start: string }) => s.start)).not.toContain(start);
  });

  it('refuses a start that is not a slot with 422 naming slot: past, not offered, too far, closed', async () => {
    const book = (start: string) => call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    const past = await book(at(-1, '09:00'));
    expect([past.status, past.body.code, paths(past)]).toEqual([422, 'appointments.slot.past', ['body.start']]);
    const offHour = await book(at(3, '09:10'));
    expect([offHour.status, offHour.body.code]).toEqual([422, 'appointments.slot.not-offered']);
    const night = await book(at(3, '19:00'));
    expect(night.body.code).toBe('appointments.slot.not-offered');
    const far = await book(at(40, '09:00'));
    expect([far.status, far.body.code]).toEqual([422, 'appointments.slot.too-far']);
    const closedDay = nextDay(today(), 5);
    const put = await call('partenaire.caf', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ...OPEN_EVERY_DAY,
      exceptions: [{ from: closedDay, to: closedDay, reason: 'Formation de l’équipe' }],
      version: availabilityVersion,
    });
    expect(put.status).toBe(200);
    availabilityVersion = put.body.version;
    const closed = await book(at(5, '09:00'));
    expect([closed.status, closed.body.code]).toEqual([422, 'appointments.slot.closed']);
  });

  it('answers 400 for a time without offset and names every bad field; the person never comes from the body', async () => {
    const noOffset = await call('agent.gramat', 'POST', '/api/appointments', {
      siteId: cafSite.id,
      start: `${nextDay(today(), 3)}T09:30:00`,
      referralId,
    });
    expect(noOffset.status).toBe(400);
    expect(paths(noOffset)).toEqual(['body.start']);
    const bad = await call('agent.gramat', 'POST', '/api/appointments', { siteId: 'x', channel: 'pigeon', personId: newId() });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['body.channel', 'body.personId', 'body.referralId', 'body.siteId', 'body.start']);
  });

  it('lets only the organisations of the referral book, at a site of the organisation it goes to', async () => {
    const start = at(4, '10:00');
    const stranger = await call('partenaire.mission-locale', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'appointments.book.forbidden']);
    const otherAgency = await call('agent.ccas-cahors', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(otherAgency.status).toBe(403);
    const elsewhere = await call('agent.gramat', 'POST', '/api/appointments', { siteId: missionLocaleSite.id, start, referralId });
    expect([elsewhere.status, elsewhere.body.code, paths(elsewhere)]).toEqual([
      422,
      'appointments.referral.other-organisation',
      ['body.siteId'],
    ]);
    const unknownSite = await call('agent.gramat', 'POST', '/api/appointments', { siteId: newId(), start, referralId });
    expect([unknownSite.status, unknownSite.body.code, paths(unknownSite)]).toEqual([
      422,
      'appointments.booking.site-unknown',
      ['body.siteId'],
    ]);
    const unknown = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId: newId() });
    expect([unknown.status, paths(unknown)]).toEqual([422, ['body.referralId']]);
    // The receiving partner may book for the referral it received.
    const receiver = await call('partenaire.caf', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(receiver.status).toBe(201);
    expect(receiver.body.bookedByOrganisationId).toBe(caf.id);
  });

  it('answers 409 with the next free slots for a taken slot', async () => {
    const start = at(6, '11:00');
    expect((await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId })).status).toBe(201);
    const again = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);
    expect(again.body.code).toBe('appointments.slot.taken');
    expect(again.body.alternatives.map((s: { start: string }) => s.start)).toEqual([
      at(6, '11:30'),
      at(6, '12:00'),
      at(6, '12:30'),
      at(6, '13:00'),
      at(6, '13:30'),
    ]);
  });

  it('races 20 bookings on one slot of capacity 1: exactly one 201, nineteen 409 with alternatives', async () => {
    const start = at(7, '14:00');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const lost of answers.filter((a) => a.status === 409)) {
      expect(lost.body.code).toBe('appointments.slot.taken');
      expect(lost.body.alternatives.length).toBeGreaterThan(0);
      expect(lost.body.alternatives.map((s: { start: string }) => s.start)).not.toContain(start);
    }
    const booked = (await outbox('AppointmentBooked')).filter((e) => e.data.start === start);
    expect(booked).toHaveLength(1);
  });
});

describe('after booking', () => {
  it('is cancelled by the booking organisation or the site’s, once; the place is free again', async () => {
    const start = at(8, '15:00');
    const booked = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    const stranger = await call('partenaire.mission-locale', 'POST', `/api/appointments/${id}/cancel`);
    expect([stranger.status, stranger.body.code]).toEqual([403, 'appointments.cancel.forbidden']);
    const cancelled = await call('agent.gramat', 'POST', `/api/appointments/${id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    const twice = await call('partenaire.caf', 'POST', `/api/appointments/${id}/cancel`);
    expect([twice.status, twice.body.code]).toEqual([409, 'appointments.appointment.not-booked']);
    expect((await outbox('AppointmentCancelled')).some((e) => e.data.appointmentId === id)).toBe(true);
    const rebooked = await call('partenaire.caf', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    expect(rebooked.status).toBe(201);
    const bySite = await call('partenaire.caf', 'POST', `/api/appointments/${rebooked.body.id}/cancel`);
    expect(bySite.status).toBe(200);
  });

  it('is marked honoured or missed by the site’s organisation or the coordination, only once its start has passed', async () => {
    const future = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start: at(9, '08:00'), referralId });
    expect(future.status).toBe(201);
    const tooEarly = await call('partenaire.caf', 'POST', `/api/appointments/${future.body.id}/honoured`);
    expect([tooEarly.status, tooEarly.body.code]).toEqual([422, 'appointments.appointment.not-yet']);
    const booker = await call('agent.gramat', 'POST', `/api/appointments/${future.body.id}/missed`);
    expect([booker.status, booker.body.code]).toEqual([403, 'appointments.outcome.forbidden']);

    // An appointment of yesterday, written as a booking would have written it.
    const past = async () => {
      const id = newId();
      const uow = new UnitOfWork();
      new DynamoAppointmentsRepository().createAppointment(uow, {
        id,
        siteId: cafSite.id,
        organisationId: caf.id,
        referralId,
        bookedByOrganisationId: org('departements').id,
        bookedBy: 'test',
        start: new Date(Date.now() - 26 * 3600_000).toISOString(),
        end: new Date(Date.now() - 25.5 * 3600_000).toISOString(),
        channel: 'site',
        status: 'booked',
        createdAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
        updatedAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
        version: 1,
      });
      await uow.commit();
      return id;
    };
    const came = await past();
    const honoured = await call('partenaire.caf', 'POST', `/api/appointments/${came}/honoured`);
    expect([honoured.status, honoured.body.status]).toEqual([200, 'honoured']);
    expect((await call('pilote', 'POST', `/api/appointments/${came}/missed`)).status).toBe(409);
    const absent = await past();
    const missed = await call('pilote', 'POST', `/api/appointments/${absent}/missed`);
    expect([missed.status, missed.body.status]).toEqual([200, 'missed']);
    const event = (await outbox('AppointmentMissed')).find((e) => e.data.appointmentId === absent);
    expect(event?.data).toMatchObject({ organisationId: caf.id, siteId: cafSite.id });
    expect((await call('pilote', 'POST', `/api/appointments/${newId()}/honoured`)).status).toBe(404);
  });

  it('shows on the referral each appointment and its steps, and feeds the observatory’s no-show rate per partner and theme (ADR 0039)', async () => {
    const ofReferral = await newReferral();
    const startMs = Date.now() - 26 * 3600_000;
    const year = new Date(startMs).getUTCFullYear();
    const noShows = async () => {
      const report = await call('pilote', 'GET', `/api/indicators?year=${year}`);
      expect(report.status).toBe(200);
      return report.body.observatory.noShows as {
        honoured: number;
        missed: number;
        byPartner: Array<{ key: string; honoured: number; missed: number }>;
        byTheme: Array<{ key: string; honoured: number; missed: number }>;
      };
    };
    const before = await noShows();
    const partner = (n: typeof before) => n.byPartner.find((r) => r.key === caf.id) ?? { honoured: 0, missed: 0 };
    const theme = (n: typeof before) => n.byTheme.find((r) => r.key === 'famille') ?? { honoured: 0, missed: 0 };
    // Two appointments of yesterday for the referral, as a booking would have written them (its themes included).
    const past = async () => {
      const id = newId();
      const uow = new UnitOfWork();
      new DynamoAppointmentsRepository().createAppointment(uow, {
        id,
        siteId: cafSite.id,
        organisationId: caf.id,
        referralId: ofReferral,
        bookedByOrganisationId: org('departements').id,
        bookedBy: 'test',
        start: new Date(startMs).toISOString(),
        end: new Date(startMs + 1800_000).toISOString(),
        channel: 'site',
        themes: ['famille'],
        status: 'booked',
        createdAt: new Date(startMs - 86_400_000).toISOString(),
        updatedAt: new Date(startMs - 86_400_000).toISOString(),
        version: 1,
      });
      await uow.commit();
      return id;
    };
    const came = await past();
    const absent = await past();
    expect((await call('partenaire.caf', 'POST', `/api/appointments/${came}/honoured`)).status).toBe(200);
    expect((await call('partenaire.caf', 'POST', `/api/appointments/${absent}/missed`)).status).toBe(200);
    await stack.drain();

    const referral = await call('agent.gramat', 'GET', `/api/referrals/${ofReferral}`);
    expect(referral.status).toBe(200);
    const appointments = referral.body.appointments as Array<{ appointmentId: string; status: string; steps: Array<{ status: string }> }>;
    expect(appointments.map((a) => [a.appointmentId, a.status]).sort()).toEqual(
      [
        [came, 'honoured'],
        [absent, 'missed'],
      ].sort(),
    );
    // Written directly, these appointments have no `booked` event: each shows its one step.
    expect(appointments.find((a) => a.appointmentId === absent)?.steps.map((s) => s.status)).toEqual(['missed']);
    // The referral itself is untouched: its status and outcome stay the partner's to set.
    expect(referral.body.status).toBe('sent');

    const after = await noShows();
    expect(after.honoured - before.honoured).toBe(1);
    expect(after.missed - before.missed).toBe(1);
    expect([partner(after).honoured - partner(before).honoured, partner(after).missed - partner(before).missed]).toEqual([1, 1]);
    expect([theme(after).honoured - theme(before).honoured, theme(after).missed - theme(before).missed]).toEqual([1, 1]);
  });

  it('is a calendar file for the organisations concerned (text/calendar), hidden from the others', async () => {
    const start = at(10, '16:30');
    const booked = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start, referralId });
    const ics = await call('partenaire.caf', 'GET', `/api/appointments/${booked.body.id}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = String(ics.body);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain(
      `DTSTART:${new Date(start)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
    expect(text).toContain(`UID:${booked.body.id}@relais.social`);
    expect(text).not.toMatch(/Rendezvous|Alix/);
    expect((await call('agent.gramat', 'GET', `/api/appointments/${booked.body.id}.ics`)).status).toBe(200);
    expect((await call('partenaire.mission-locale', 'GET', `/api/appointments/${booked.body.id}.ics`)).status).toBe(404);
  });
});

describe('the person’s messages (fixed clock, DynamoDB Local, ADR 0029)', () => {
  /** A Paris wall time as an instant. */
  const instant = (days: number, time: string) => new Date(at(days, time));
  /** The first day from `from` on whose day before is not a Sunday (the default quiet day). */
  const dayAfterAWeekday = (from: number) => {
    let d = from;
    while (toParis(instant(d - 1, '12:00')).weekday === 7) d++;
    return d;
  };
  const withClock = (now: () => Date) => makeSendDueReminders({ ...bookingLinkDeps, clock: { now } });
  const sms = async (phone: string): Promise<string[]> => {
    const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
    expect(res.status).toBe(200);
    return res.body.items.filter((i: { to: string }) => i.to === phone).map((i: { payload: { text: string } }) => i.payload.text);
  };
  const dueEvents = async (appointmentId: string) =>
    (await outbox('AppointmentReminderDue')).filter((e) => e.data.appointmentId === appointmentId).map((e) => e.data.kind);

  it('texts the person at booking, and the day before at 10:00 Paris, not a minute earlier; in one GSM-7 SMS', async () => {
    const phone = '+33612349901';
    const referral = await newReferral('agent.gramat', caf.id, phone);
    const day = dayAfterAWeekday(13);
    const booked = await call('agent.gramat', 'POST', '/api/appointments', {
      siteId: cafSite.id,
      start: at(day, '13:00'),
      referralId: referral,
    });
    expect([booked.status, booked.body.code]).toEqual([201, undefined]);

    // The booking message goes at the first allowed time from now (now, or after tonight's quiet hours).
    await withClock(() => nextAllowedTime(new Date(), appointmentsDeps.reminderRules())).execute();
    expect(await dueEvents(booked.body.id)).toEqual(['booked']);
    await withClock(() => instant(day - 1, '09:59')).execute();
    expect(await dueEvents(booked.body.id)).toEqual(['booked']);
    const onTime = await withClock(() => instant(day - 1, '10:00')).execute();
    expect(onTime.sent).toBeGreaterThanOrEqual(1);
    expect((await dueEvents(booked.body.id)).sort()).toEqual(['booked', 'day-before']);
    // Sent once: a run again finds nothing for it.
    await withClock(() => instant(day - 1, '10:05')).execute();
    expect((await dueEvents(booked.body.id)).sort()).toEqual(['booked', 'day-before']);

    await stack.drain();
    // Her phone may also receive the referral’s own message (ADR 0033), on its own chain: only the
    // appointment's texts are counted, once both have arrived.
    const isBooked = (t: string) => t.startsWith('Relais : rendez-vous pris le');
    const isReminder = (t: string) => t.startsWith('Relais : rappel, rendez-vous le');
    const texts = await waitFor(async () => {
      const got = (await sms(phone)).filter((t) => isBooked(t) || isReminder(t));
      return got.some(isBooked) && got.some(isReminder) ? got : undefined;
    }, 'the booking SMS and the reminder SMS in the local outbox');
    expect([texts.filter(isBooked).length, texts.filter(isReminder).length]).toEqual([1, 1]);
    for (const t of texts) {
      expect(t).toContain('à 13h');
      expect(t.length).toBeLessThanOrEqual(160);
      expect(t).not.toMatch(/Rendezvous|Alix/);
    }
  });

  it('waits through the quiet hours, and sends nothing about an appointment already past, even after an outage', async () => {
    const phone = '+33612349902';
    const referral = await newReferral('agent.gramat', caf.id, phone);
    const day = dayAfterAWeekday(14);
    const booked = await call('agent.gramat', 'POST', '/api/appointments', {
      siteId: cafSite.id,
      start: at(day, '13:30'),
      referralId: referral,
    });
    expect([booked.status, booked.body.code]).toEqual([201, undefined]);
    // Quiet hours (21:00 Paris the day before): nothing goes, the reminder stays.
    const quiet = await withClock(() => instant(day - 1, '21:00')).execute();
    expect(quiet.waiting).toBeGreaterThanOrEqual(1);
    // The schedule was down until after the appointment: everything still due about it is dropped, nothing sent.
    const after = await withClock(() => instant(day, '14:00')).execute();
    expect(after.dropped).toBeGreaterThanOrEqual(1);
    expect(await dueEvents(booked.body.id)).not.toContain('day-before');
    const repository = new DynamoAppointmentsRepository();
    const left = await repository.dueReminders(
      instant(day - 1, '12:00')
        .toISOString()
        .slice(0, 10),
      instant(day, '14:00').toISOString(),
    );
    expect(left.filter((r) => r.appointmentId === booked.body.id)).toEqual([]);
    await stack.drain();
    expect((await sms(phone)).filter((t) => t.includes('rappel'))).toEqual([]);
  });
});

describe('the person’s self-booking link (ADR 0029)', () => {
  const tokenOf = (link: string) => link.slice(link.indexOf('/rendez-vous/') + '/rendez-vous/'.length);
  const withClock = (now: () => Date) => makeSendDueReminders({ ...bookingLinkDeps, clock: { now } });
  const linkEvents = async (detailType: string, referral: string) =>
    (await outbox(detailType)).filter((e) => e.data.referralId === referral).map((e) => e.data);

  it('is given by the referral’s organisations only; opens the site’s free slots without an account; books once, then 410', async () => {
    const phone = '+33612349903';
    const referral = await newReferral('agent.gramat', caf.id, phone);
    const stranger = await call('partenaire.mission-locale', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: cafSite.id });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'appointments.link.forbidden']);
    const elsewhere = await call('agent.gramat', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: missionLocaleSite.id });
    expect([elsewhere.status, paths(elsewhere)]).toEqual([422, ['body.siteId']]);
    const bad = await call('agent.gramat', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: 'x', phone });
    expect([bad.status, paths(bad)]).toEqual([400, ['body.phone', 'body.siteId']]);

    const given = await call('agent.gramat', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: cafSite.id });
    expect(given.status).toBe(201);
    expect(given.body.link).toMatch(/\/rendez-vous\/[\w-]+\.[\w-]+$/);
    const token = tokenOf(given.body.link);
    const page = await api.call('GET', `/api/booking-links/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ siteId: cafSite.id });
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(page.body)).not.toMatch(/Rendezvous|Alix/);
    const tampered = await api.call('GET', `/api/booking-links/${token.slice(0, -2)}xx`);
    expect([tampered.status, tampered.body.code]).toEqual([401, 'appointments.link.invalid']);

    // Its message goes to her phone at the first allowed time.
    await withClock(() => nextAllowedTime(new Date(), bookingLinkDeps.reminderRules())).execute();
    expect((await linkEvents('BookingLinkMessageDue', referral)).map((e) => e.kind)).toEqual(['link']);
    await stack.drain();
    const texts = await waitFor(async () => {
      const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
      const mine = res.body.items.filter((i: { to: string }) => i.to === phone).map((i: { payload: { text: string } }) => i.payload.text);
      return mine.some((t: string) => t.includes('/rendez-vous/')) ? (mine as string[]) : undefined;
    }, 'the link’s SMS');
    expect(texts.find((t) => t.includes('/rendez-vous/'))).toContain(token);
    const notOffered = await api.call('POST', `/api/booking-links/${token}`, { body: { start: at(15, '09:10') } });
    expect([notOffered.status, paths(notOffered)]).toEqual([422, ['body.start']]);
    const noOffset = await api.call('POST', `/api/booking-links/${token}`, { body: { start: '2026-12-24T09:30:00' } });
    expect(noOffset.status).toBe(400);
    const start = at(15, '15:30');
    const booked = await api.call('POST', `/api/booking-links/${token}`, { body: { start } });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ referralId: referral, siteId: cafSite.id, status: 'booked', start });
    const again = await api.call('POST', `/api/booking-links/${token}`, { body: { start: at(15, '16:00') } });
    expect([again.status, again.body.code]).toEqual([410, 'appointments.link.used']);
    expect((await api.call('GET', `/api/booking-links/${token}`)).status).toBe(410);

    // Once she booked: no reminder, no « did not book ».
    await withClock(() => new Date(Date.now() + 8 * 86_400_000)).execute();
    expect((await linkEvents('BookingLinkMessageDue', referral)).map((e) => e.kind)).toEqual(['link']);
    expect(await linkEvents('BookingLinkExpired', referral)).toEqual([]);
  });

  it('unused: reminded at day 3 at an allowed hour, then the referral hears she did not book at day 7', async () => {
    const referral = await newReferral('agent.gramat', caf.id, '+33612349904');
    const given = await call('agent.gramat', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: cafSite.id });
    expect(given.status).toBe(201);
    const issued = Date.now();
    await withClock(() => new Date(issued + 2 * 86_400_000)).execute();
    expect((await linkEvents('BookingLinkMessageDue', referral)).map((e) => e.kind)).not.toContain('link-reminder');
    const dayThree = nextAllowedTime(new Date(issued + 3 * 86_400_000), bookingLinkDeps.reminderRules());
    await withClock(() => dayThree).execute();
    expect((await linkEvents('BookingLinkMessageDue', referral)).map((e) => e.kind)).toContain('link-reminder');
    expect(await linkEvents('BookingLinkExpired', referral)).toEqual([]);
    await withClock(() => new Date(issued + 7 * 86_400_000 + 60_000)).execute();
    expect(await linkEvents('BookingLinkExpired', referral)).toEqual([
      expect.objectContaining({ referralId: referral, siteId: cafSite.id }),
    ]);
    expect((await api.call('GET', `/api/booking-links/${tokenOf(given.body.link)}`)).status).toBe(200); // until the token's own expiry (real clock)
    // Intake keeps it beside the referral: its page says she did not choose a slot (ADR 0039).
    await stack.drain();
    const seen = await call('agent.gramat', 'GET', `/api/referrals/${referral}`);
    expect(seen.body.unusedBookingLinks).toEqual([{ siteId: cafSite.id, issuedAt: expect.any(String), expiresAt: expect.any(String) }]);
    // The link's end, as given to the agent (the view says it to the minute).
    expect(Math.abs(Date.parse(seen.body.unusedBookingLinks[0].expiresAt) - Date.parse(given.body.expiresAt))).toBeLessThan(60_000);
  });
});

describe('a person erased by intake (PersonErased, ADR 0037)', () => {
  it('is forgotten by appointments through the bus: her appointment to come is cancelled at the partner (its place freed, the partner told without her), her past one stays anonymous and silent, her link no longer opens; twice is harmless', async () => {
    const repository = new DynamoAppointmentsRepository();
    const referral = await newReferral('agent.gramat', caf.id, '+33612349977');
    const personId = (await repository.getReferral(referral))?.personId;
    expect(personId).toBeDefined();
    const current = await call('pilote', 'GET', `/api/sites/${cafSite.id}/availability`);
    if (current.body.ranges.length === 0) {
      const put = await call('pilote', 'PUT', `/api/sites/${cafSite.id}/availability`, {
        ...OPEN_EVERY_DAY,
        version: current.body.version,
      });
      expect(put.status).toBe(200);
    }
    const slots = await call(
      'agent.gramat',
      'GET',
      `/api/sites/${cafSite.id}/slots?from=${nextDay(today(), 20)}&to=${nextDay(today(), 25)}&limit=5`,
    );
    const start = slots.body.items[0].start as string;
    const booked = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, referralId: referral, start });
    expect(booked.status).toBe(201);
    const freeThatDay = async () => {
      const day = toParis(Date.parse(start)).date;
      const res = await call('agent.gramat', 'GET', `/api/sites/${cafSite.id}/slots?from=${day}&to=${day}&limit=200`);
      return (res.body.items as Array<{ start: string }>).map((s) => s.start);
    };
    expect(await freeThatDay()).not.toContain(start);
    // An appointment of hers of yesterday, honoured or not, as a booking would have written it.
    const pastId = newId();
    const written = new UnitOfWork();
    repository.createAppointment(written, {
      id: pastId,
      siteId: cafSite.id,
      organisationId: caf.id,
      referralId: referral,
      personId: personId!,
      bookedByOrganisationId: org('departements').id,
      bookedBy: 'test',
      start: new Date(Date.now() - 26 * 3600_000).toISOString(),
      end: new Date(Date.now() - 25.5 * 3600_000).toISOString(),
      channel: 'site',
      themes: ['famille'],
      status: 'booked',
      createdAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
      updatedAt: new Date(Date.now() - 48 * 3600_000).toISOString(),
      version: 1,
    });
    await written.commit();
    const given = await call('agent.gramat', 'POST', `/api/referrals/${referral}/booking-link`, { siteId: cafSite.id });
    expect(given.status).toBe(201);
    const token = given.body.link.slice(given.body.link.indexOf('/rendez-vous/') + '/rendez-vous/'.length);
    expect((await api.call('GET', `/api/booking-links/${token}`)).status).toBe(200);
    expect(await repository.appointmentsOfPerson(personId!)).toHaveLength(2);

    // What intake publishes when it erases her (retention), written to its outbox as intake does.
    const erase = async () => {
      const uow = new UnitOfWork();
      publishInTransaction(
        uow,
        tableName('intake', 'main'),
        PersonErased.create({ personId: personId!, at: new Date().toISOString(), reason: 'retention' }),
      );
      await uow.commit();
      await stack.drain();
    };
    await erase();
    const forgotten = await waitFor(async () => {
      const a = await repository.getAppointment(booked.body.id);
      return a && !a.personId ? a : undefined;
    }, 'her appointment forgotten');
    // To come: cancelled at the partner, its place free again, in the same write as forgetting her.
    expect(forgotten).toMatchObject({ status: 'cancelled', siteId: cafSite.id, referralId: referral, themes: ['famille'], version: 2 });
    expect(forgotten.personErasedAt).toBeDefined();
    expect(await freeThatDay()).toContain(start);
    const cancelledEvent = (await outbox('AppointmentCancelled')).find((e) => e.data.appointmentId === booked.body.id);
    expect(cancelledEvent?.data).toMatchObject({ byOrganisationId: '', siteId: cafSite.id, organisationId: caf.id, start });
    expect(JSON.stringify(cancelledEvent)).not.toContain(personId!);
    // Past: it stays as it was, anonymous, no event about it.
    const pastOne = await repository.getAppointment(pastId);
    expect(pastOne).toMatchObject({ status: 'booked', version: 1, themes: ['famille'] });
    expect(pastOne?.personId).toBeUndefined();
    expect(pastOne?.personErasedAt).toBeDefined();
    expect((await outbox('AppointmentCancelled')).some((e) => e.data.appointmentId === pastId)).toBe(false);
    // The CAF is told it is cancelled (its calendar file cancelling it), with nothing of her.
    await stack.drain();
    const notice = await waitFor(async () => {
      const res = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
      const items = (res.body.items as unknown[]).map((i) => JSON.stringify(i));
      return items.find((i) => i.includes(booked.body.id) && i.includes('METHOD:CANCEL'));
    }, 'the CAF told of the cancellation');
    expect(notice).not.toMatch(/Rendezvous|Alix|\+33612349977/);
    expect(notice).not.toContain(personId!);
    expect(await repository.appointmentsOfPerson(personId!)).toEqual([]);
    expect(await repository.referralsOfPerson(personId!)).toEqual([]);
    expect((await repository.getReferral(referral))?.personId).toBeUndefined();
    expect(await repository.bookingLinksOf(referral)).toEqual([]);
    const page = await api.call('GET', `/api/booking-links/${token}`);
    expect([page.status, page.body.code]).toEqual([401, 'appointments.link.invalid']);
    const pointers = await ddb().send(
      new QueryCommand({
        TableName: tableName('appointments', 'main'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PERSON#${personId}` },
        ConsistentRead: true,
      }),
    );
    expect(pointers.Items).toEqual([]);
    // Her export holds nothing from appointments any more.
    expect(await personData({ personId: personId!, purpose: 'export' })).toEqual({
      service: 'appointments',
      sections: { appointments: [] },
    });

    // No message about it goes to her, not even the one at booking still waiting.
    await makeSendDueReminders({ ...bookingLinkDeps, clock: { now: () => new Date(Date.parse(start) - 20 * 3_600_000) } }).execute();
    expect((await outbox('AppointmentReminderDue')).filter((e) => e.data.appointmentId === booked.body.id)).toEqual([]);
    expect((await outbox('BookingLinkMessageDue')).filter((e) => e.data.referralId === referral)).toEqual([]);

    // Delivered again: nothing left to forget, nothing changes.
    await erase();
    expect(await repository.getAppointment(booked.body.id)).toEqual(forgotten);
    expect(await repository.getAppointment(pastId)).toEqual(pastOne);
    expect((await outbox('AppointmentCancelled')).filter((e) => e.data.appointmentId === booked.body.id)).toHaveLength(1);
  });
});

describe('the person’s link to cancel or move her appointment (ADR 0042)', () => {
  const withClock = (now: () => Date) => makeSendDueReminders({ ...bookingLinkDeps, clock: { now } });
  const sms = async (phone: string): Promise<string[]> => {
    const res = await call('pilote', 'GET', '/api/dev/outbox?channel=sms&limit=200');
    return res.body.items.filter((i: { to: string }) => i.to === phone).map((i: { payload: { text: string } }) => i.payload.text);
  };
  /** The link of her SMS about this appointment (sent at the first allowed time). */
  const linkOfSms = async (phone: string, appointmentId: string) => {
    await withClock(() => nextAllowedTime(new Date(), bookingLinkDeps.reminderRules())).execute();
    await stack.drain();
    const text = await waitFor(async () => (await sms(phone)).find((t) => t.includes(`/#/rdv/${appointmentId}.`)), 'her SMS with the link');
    return { text, token: /\/#\/rdv\/(\S+)$/.exec(text)?.[1] ?? '' };
  };
  const freeStarts = async (day: number) => {
    const res = await call(
      'agent.gramat',
      'GET',
      `/api/sites/${cafSite.id}/slots?from=${nextDay(today(), day)}&to=${nextDay(today(), day)}&limit=200`,
    );
    return (res.body.items as Array<{ start: string }>).map((s) => s.start);
  };
  beforeAll(async () => {
    // Open every day (as the tests above publish it; this block also runs alone).
    const current = await call('partenaire.caf', 'GET', `/api/sites/${cafSite.id}/availability`);
    const published = await call('partenaire.caf', 'PUT', `/api/sites/${cafSite.id}/availability`, {
      ...OPEN_EVERY_DAY,
      version: current.body.version,
    });
    expect(published.status).toBe(200);
  });
  const partnerNotices = async () => {
    const res = await call('pilote', 'GET', '/api/dev/outbox?channel=notification&limit=200');
    return JSON.stringify(res.body.items);
  };

  it('is in her SMS; moves the appointment (the old place freed, the partner told), cancels it, and ends at its start', async () => {
    const phone = '+33612349905';
    const referral = await newReferral('agent.gramat', caf.id, phone);
    const first = at(17, '10:00');
    const booked = await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start: first, referralId: referral });
    expect([booked.status, booked.body.code]).toEqual([201, undefined]);

    // Her booking SMS carries the short signed link, in one GSM-7 SMS.
    const { text, token } = await linkOfSms(phone, booked.body.id);
    expect(text.startsWith('Relais : rendez-vous pris le')).toBe(true);
    expect(smsSegments(gsm7Length(text))).toBe(1);
    expect(token).toMatch(new RegExp(`^${booked.body.id}\\.[\\w-]{16}$`));

    const page = await api.call('GET', `/api/appointment-links/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ appointment: { start: first, status: 'booked', channel: 'site' }, siteId: cafSite.id });
    expect(page.body.items.length).toBeGreaterThan(0);
    expect(page.body.items.map((s: { start: string }) => s.start)).not.toContain(first);
    expect(JSON.stringify(page.body)).not.toMatch(/Rendezvous|Alix/);
    const tampered = await api.call('GET', `/api/appointment-links/${token.slice(0, -2)}xx`);
    expect([tampered.status, tampered.body.code]).toEqual([401, 'appointments.manage.invalid']);

    // A slot taken meanwhile: 409 with the next free ones, and nothing changed.
    const other = await newReferral('agent.gramat', caf.id);
    const taken = at(18, '11:00');
    expect((await call('agent.gramat', 'POST', '/api/appointments', { siteId: cafSite.id, start: taken, referralId: other })).status).toBe(
      201,
    );
    const refused = await api.call('POST', `/api/appointment-links/${token}/move`, { body: { start: taken } });
    expect([refused.status, refused.body.code]).toEqual([409, 'appointments.slot.taken']);
    expect(refused.body.alternatives.length).toBeGreaterThan(0);
    expect((await api.call('GET', `/api/appointment-links/${token}`)).body.appointment.status).toBe('booked');
    expect(await freeStarts(17)).not.toContain(first);
    const same = await api.call('POST', `/api/appointment-links/${token}/move`, { body: { start: first } });
    expect([same.status, paths(same)]).toEqual([422, ['body.start']]);

    // Moved: the new one booked, the old one cancelled and its place free, in one write.
    const second = at(18, '11:30');
    const moved = await api.call('POST', `/api/appointment-links/${token}/move`, { body: { start: second } });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ referralId: referral, siteId: cafSite.id, status: 'booked', start: second });
    expect(await freeStarts(17)).toContain(first);
    expect(await freeStarts(18)).not.toContain(second);
    const after = await api.call('GET', `/api/appointment-links/${token}`);
    expect([after.status, after.body.appointment.status, after.body.items]).toEqual([200, 'cancelled', []]);
    expect((await api.call('POST', `/api/appointment-links/${token}/cancel`)).body.code).toBe('appointments.manage.not-booked');
    const cancelledEvent = (await outbox('AppointmentCancelled')).find((e) => e.data.appointmentId === booked.body.id);
    expect(cancelledEvent?.data).toMatchObject({ byPerson: true, movedTo: moved.body.id, byOrganisationId: '' });
    // The CAF hears of both: the cancelling calendar file of the old one, the new one.
    await stack.drain();
    await waitFor(async () => {
      const notices = await partnerNotices();
      return notices.includes(booked.body.id) && notices.includes(moved.body.id) ? true : undefined;
    }, 'the CAF told of the move');
    const notices = await partnerNotices();
    expect(notices).toContain('METHOD:CANCEL');

    // Her new appointment's SMS has its own link; she cancels with it.
    const fresh = await linkOfSms(phone, moved.body.id);
    expect(fresh.token.startsWith(`${moved.body.id}.`)).toBe(true);
    const cancelled = await api.call('POST', `/api/appointment-links/${fresh.token}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(await freeStarts(18)).toContain(second);
    expect((await outbox('AppointmentCancelled')).find((e) => e.data.appointmentId === moved.body.id)?.data).toMatchObject({
      byPerson: true,
    });

    // At its start the link ends (fixed clock): 410 in French.
    const later = makeReadAppointmentLink({ ...bookingLinkDeps, clock: { now: () => new Date(Date.parse(second) + 60_000) } });
    await expect(later.execute(fresh.token)).rejects.toMatchObject({ status: 410, code: 'appointments.manage.started' });
    await expect(later.execute(fresh.token)).rejects.toThrow(/rendez-vous a commencé ou est passé/);
  });
});
