/**
 * The appointments' rules on the in-memory twin (ADR 0023), with a clock the test moves: who may
 * publish and book, the person taken from the referral, capacity, the race and a transaction
 * conflict ending as « taken » with alternatives, cancelling freeing the place, outcomes only
 * after the start, and the projections of sites and referrals. The same store on DynamoDB Local:
 * test/integration/appointments.int.test.ts.
 */
import type { Actor } from '../../../shared/auth/actor';
import { kernelErrors } from '../../../shared/errors/catalogue';
import type { EventDefinition } from '../../../shared/events/envelope';
import { appointmentsErrors } from '../errors';
import { SiteChanged } from '../../directory/events/directory.events';
import { ReferralSent, ReferralStatusChanged } from '../../intake/events/intake.events';
import { memoryAppointments } from '../../../shared/testing/appointments.memory';
import { MemoryUnitOfWork } from '../../../shared/testing/memory-unit-of-work';
import type * as z from 'zod';
import { BookAppointment, CancelAppointment, HonouredAppointment, MissedAppointment, PutAvailability } from './appointments.use-cases';
import { makeApplyProjections } from './projections.use-cases';
import { getAvailability, listSlots } from './reads.use-cases';

const ORG_SENDER = '01KDVDNA005Z9W8WQ2721G6GSM';
const ORG_PARTNER = '01KDVDNA04X8YXG6K678TTZHBV';
const ORG_OTHER = '01KDVDNA08RX3M6FS8SWSXK0AY';
const SITE = '01KDVDNB00C3F4BN20KBCFBCVY';
const OTHER_SITE = '01KDVDNB08VFERTR8X2WM4Z5JM';
const REFERRAL = '01KDVE0000000000000000REF1';
const PERSON = '01KDVE00000000000000PERSON';

const actor = (role: Actor['roles'][number], organisationId: string | null): Actor =>
  ({ id: `user-${role}-${organisationId}`, roles: [role], organisationId }) as unknown as Actor;
const agent = actor('accueil', ORG_SENDER);
const partner = actor('partenaire', ORG_PARTNER);
const stranger = actor('partenaire', ORG_OTHER);
const pilote = actor('pilote', ORG_SENDER);

/** Monday 2 March 2026, 10:00 in Paris. */
const NOW = '2026-03-02T09:00:00.000Z';
const AVAILABILITY = {
  ranges: [{ weekday: 2, from: '09:00', to: '12:00', slotMinutes: 30, capacity: 2, channel: 'site' as const }],
  exceptions: [],
  horizonDays: 30,
  minNoticeHours: 24,
  openOnPublicHolidays: false,
  version: 0,
};

function received<S extends z.ZodType>(definition: EventDefinition<S>, data: z.input<S>) {
  const event = definition.create(data);
  return { source: definition.source, detailType: definition.detailType, detail: event.detail };
}

async function world() {
  const w = memoryAppointments({ now: new Date(NOW) });
  const project = makeApplyProjections(w.deps);
  const apply = async (event: ReturnType<typeof received>) => {
    const uow = new MemoryUnitOfWork(w.database);
    const outcome = await project.execute(event, uow);
    await uow.commit();
    return outcome;
  };
  const site = (siteId: string, organisationId: string, version = 1) =>
    received(SiteChanged, {
      siteId,
      organisationId,
      name: 'CAF du Lot — Cahors',
      change: 'created',
      version,
      communeCode: '46042',
      location: { lon: 1.44, lat: 44.45 },
      unconditionalReception: false,
      themes: [],
    });
  await apply(site(SITE, ORG_PARTNER));
  await apply(site(OTHER_SITE, ORG_OTHER));
  await apply(
    received(ReferralSent, {
      referralId: REFERRAL,
      fromOrganisationId: ORG_SENDER,
      toOrganisationId: ORG_PARTNER,
      themes: ['famille'],
      urgency: 'normal',
      sentAt: '2026-03-02T08:00:00.000Z',
      expiresAt: '2026-03-10T08:00:00.000Z',
      personId: PERSON,
    }),
  );
  await PutAvailability(w.deps).execute({ siteId: SITE, availability: AVAILABILITY }, partner);
  return { ...w, apply, site };
}

const book = (deps: Parameters<typeof BookAppointment>[0], start: string, who: Actor = agent, siteId = SITE) =>
  BookAppointment(deps).execute({ siteId, start, referralId: REFERRAL }, who);

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('availability', () => {
  it('is published by the site’s organisation or the coordination, at the version read', async () => {
    const w = await world();
    expect((await getAvailability(w.deps, SITE)).version).toBe(1);
    expect(await codeOf(PutAvailability(w.deps).execute({ siteId: SITE, availability: { ...AVAILABILITY, version: 1 } }, stranger))).toBe(
      appointmentsErrors.code('availability.forbidden'),
    );
    expect(await codeOf(PutAvailability(w.deps).execute({ siteId: SITE, availability: AVAILABILITY }, partner))).toBe(
      appointmentsErrors.code('availability.version-conflict'),
    );
    await PutAvailability(w.deps).execute({ siteId: SITE, availability: { ...AVAILABILITY, version: 1 } }, pilote);
    expect((await getAvailability(w.deps, SITE)).version).toBe(2);
    expect(await codeOf(getAvailability(w.deps, '01KDVDZZZZZZZZZZZZZZZZZZZZ'))).toBe(appointmentsErrors.code('site.unknown'));
  });
});

describe('booking', () => {
  it('books for the referral’s person (never the caller’s word) and announces it without her', async () => {
    const w = await world();
    const result = await book(w.deps, '2026-03-03T10:30:00+01:00');
    expect(result).toMatchObject({ booked: { start: '2026-03-03T10:30:00+01:00', end: '2026-03-03T11:00:00+01:00', status: 'booked' } });
    const id = 'booked' in result ? result.booked.id : '';
    expect((await w.repository.getAppointment(id))?.personId).toBe(PERSON);
    const [event] = w.events('AppointmentBooked');
    expect(event?.data).toMatchObject({ appointmentId: id, organisationId: ORG_PARTNER, bookedByOrganisationId: ORG_SENDER });
    expect(JSON.stringify(event)).not.toContain(PERSON);
  });

  it('refuses a start that is not a slot, naming slot and body.start', async () => {
    const w = await world();
    const refusal = (start: string) => codeOf(book(w.deps, start));
    expect(await refusal('2026-03-01T10:30:00+01:00')).toBe(appointmentsErrors.code('slot.past'));
    expect(await refusal('2026-03-03T09:30:00+01:00')).toBe(appointmentsErrors.code('slot.too-soon'));
    expect(await refusal('2026-03-03T10:15:00+01:00')).toBe(appointmentsErrors.code('slot.not-offered'));
    expect(await refusal('2026-03-04T10:30:00+01:00')).toBe(appointmentsErrors.code('slot.not-offered'));
    expect(await refusal('2026-04-07T10:30:00+02:00')).toBe(appointmentsErrors.code('slot.too-far'));
    const error = await book(w.deps, '2026-03-01T10:30:00+01:00').catch((e) => e);
    expect(error.errors).toEqual([{ path: 'body.start', message: expect.any(String) }]);
    expect(w.events('AppointmentBooked')).toEqual([]);
  });

  it('lets only the referral’s organisations book, at a site of the organisation it goes to, while it is open', async () => {
    const w = await world();
    expect(await codeOf(book(w.deps, '2026-03-03T10:30:00+01:00', stranger))).toBe(appointmentsErrors.code('book.forbidden'));
    expect(await codeOf(book(w.deps, '2026-03-03T10:30:00+01:00', agent, OTHER_SITE))).toBe(
      appointmentsErrors.code('referral.other-organisation'),
    );
    expect(await book(w.deps, '2026-03-03T10:30:00+01:00', partner)).toHaveProperty('booked');
    await w.apply(
      received(ReferralStatusChanged, {
        referralId: REFERRAL,
        fromOrganisationId: ORG_SENDER,
        toOrganisationId: ORG_PARTNER,
        status: 'declined',
        previousStatus: 'sent',
        at: '2026-03-02T08:30:00.000Z',
        byOrganisationId: ORG_PARTNER,
      }),
    );
    expect(await codeOf(book(w.deps, '2026-03-03T11:00:00+01:00'))).toBe(appointmentsErrors.code('referral.closed'));
  });

  it('fills a slot to its capacity, then proposes the next free slots', async () => {
    const w = await world();
    expect(await book(w.deps, '2026-03-03T10:30:00+01:00')).toHaveProperty('booked');
    expect(await book(w.deps, '2026-03-03T10:30:00+01:00')).toHaveProperty('booked');
    const full = await book(w.deps, '2026-03-03T10:30:00+01:00');
    expect(full).toEqual({
      taken: true,
      alternatives: [
        { start: '2026-03-03T11:00:00+01:00', end: '2026-03-03T11:30:00+01:00', channel: 'site', remaining: 2 },
        { start: '2026-03-03T11:30:00+01:00', end: '2026-03-03T12:00:00+01:00', channel: 'site', remaining: 2 },
        { start: '2026-03-10T09:00:00+01:00', end: '2026-03-10T09:30:00+01:00', channel: 'site', remaining: 2 },
        { start: '2026-03-10T09:30:00+01:00', end: '2026-03-10T10:00:00+01:00', channel: 'site', remaining: 2 },
        { start: '2026-03-10T10:00:00+01:00', end: '2026-03-10T10:30:00+01:00', channel: 'site', remaining: 2 },
      ],
    });
    const page = await listSlots(w.deps, SITE, { from: '2026-03-03', to: '2026-03-03', limit: 10 });
    // 10:00 is exactly 24 hours ahead (the notice): still bookable; 10:30 is full.
    expect(page.items.map((s) => s.start)).toEqual(['2026-03-03T10:00:00+01:00', '2026-03-03T11:00:00+01:00', '2026-03-03T11:30:00+01:00']);
  });

  it('lets one of racing bookings win the last place; the others read the counter again and get alternatives', async () => {
    const w = await world();
    await PutAvailability(w.deps).execute(
      { siteId: SITE, availability: { ...AVAILABILITY, ranges: [{ ...AVAILABILITY.ranges[0]!, capacity: 1 }], version: 1 } },
      partner,
    );
    const results = await Promise.all(Array.from({ length: 6 }, () => book(w.deps, '2026-03-03T10:30:00+01:00')));
    expect(results.filter((r) => 'booked' in r)).toHaveLength(1);
    expect(results.filter((r) => 'taken' in r && r.alternatives.length === 5)).toHaveLength(5);
    expect(w.events('AppointmentBooked')).toHaveLength(1);
  });

  it('tries again after a transaction conflict, and ends as « taken » with alternatives, never an error', async () => {
    const w = await world();
    let conflicts = 1;
    const flaky = {
      ...w.deps,
      newUnitOfWork: () => {
        const uow = new MemoryUnitOfWork(w.database);
        const commit = uow.commit.bind(uow);
        uow.commit = async () => {
          if (uow.size > 0 && conflicts-- > 0) throw kernelErrors.error('concurrent-write');
          return commit();
        };
        return uow;
      },
    };
    expect(await book(flaky, '2026-03-03T10:30:00+01:00')).toHaveProperty('booked');
    conflicts = 1000;
    const always = await book(flaky, '2026-03-03T11:00:00+01:00');
    expect(always).toMatchObject({ taken: true });
    expect('taken' in always && always.alternatives.length).toBe(5);
  });
});

describe('after booking', () => {
  it('cancelling frees the place; only the booking or the site’s organisation cancels, once', async () => {
    const w = await world();
    const start = '2026-03-03T10:30:00+01:00';
    const first = await book(w.deps, start);
    await book(w.deps, start);
    const id = 'booked' in first ? first.booked.id : '';
    expect(await codeOf(CancelAppointment(w.deps).execute({ id }, stranger))).toBe(appointmentsErrors.code('cancel.forbidden'));
    expect(await CancelAppointment(w.deps).execute({ id }, partner)).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await codeOf(CancelAppointment(w.deps).execute({ id }, agent))).toBe(appointmentsErrors.code('appointment.not-booked'));
    expect(await book(w.deps, start)).toHaveProperty('booked');
    expect(w.events('AppointmentCancelled')[0]?.data).toMatchObject({ appointmentId: id, byOrganisationId: ORG_PARTNER });
  });

  it('is honoured or missed by the site’s organisation or the coordination, only once its start has passed', async () => {
    const w = await world();
    const booked = await book(w.deps, '2026-03-03T10:30:00+01:00');
    const id = 'booked' in booked ? booked.booked.id : '';
    expect(await codeOf(HonouredAppointment(w.deps).execute({ id }, partner))).toBe(appointmentsErrors.code('appointment.not-yet'));
    w.setNow('2026-03-03T09:31:00.000Z');
    expect(await codeOf(MissedAppointment(w.deps).execute({ id }, agent))).toBe(appointmentsErrors.code('outcome.forbidden'));
    expect(await HonouredAppointment(w.deps).execute({ id }, partner)).toMatchObject({ status: 'honoured' });
    expect(await codeOf(MissedAppointment(w.deps).execute({ id }, pilote))).toBe(appointmentsErrors.code('appointment.not-booked'));
    expect(w.events('AppointmentHonoured')).toHaveLength(1);
  });
});

describe('projections', () => {
  it('keeps the newest site and waits for a referral before its status', async () => {
    const w = await world();
    expect(await w.apply(w.site(SITE, ORG_OTHER, 0))).toBe('stale');
    expect((await w.repository.getSite(SITE))?.organisationId).toBe(ORG_PARTNER);
    const early = received(ReferralStatusChanged, {
      referralId: '01KDVE0000000000000000REF2',
      fromOrganisationId: ORG_SENDER,
      toOrganisationId: ORG_PARTNER,
      status: 'accepted',
      previousStatus: 'sent',
      at: '2026-03-02T08:30:00.000Z',
      byOrganisationId: ORG_PARTNER,
    });
    await expect(w.apply(early)).rejects.toThrow(/retried/);
  });
});
