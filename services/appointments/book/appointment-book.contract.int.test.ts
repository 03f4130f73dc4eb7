/**
 * The `AppointmentBook` port's contract (ADR 0042), one suite run against both books through the
 * use cases that use them: the built-in one on DynamoDB Local, the RDV-Service-Public one against
 * the request/response exchanges recorded in test/fixtures/rdv-service-public (an injected
 * `fetch` replays them and keeps what was sent: each test checks the requests, their order and
 * the API key header). The appointment is recorded on DynamoDB Local in both cases.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../../shared/auth/actor';
import { ddb } from '../../../shared/dynamo/client';
import { DynamoUnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { withDynamoLocalTables } from '../../../shared/testing/tables';
import { newId } from '../../../shared/validation/common.schema';
import { replayFetch } from '../../../test/support/replay-fetch';
import { PersonErased } from '../../intake/events/intake.events';
import type { AppointmentsRepository } from '../domain/appointments.ports';
import { appointmentsErrors } from '../errors';
import { appointmentsService } from '../service';
import { DynamoAppointmentsRepository, table } from '../store/appointments.repository';
import { DynamoPendingCancels } from '../store/external-cancels.store';
import { type AppointmentsDeps, BookAppointment, CancelAppointment, PutAvailability } from '../use-cases/appointments.use-cases';
import { makeForgetPerson } from '../use-cases/person-erased.use-cases';
import type { AppointmentBook } from './appointment-book';
import { RDV_SP_KEY_HEADER, rdvServicePublicBook } from './rdv-service-public.book';
import { relaisBook } from './relais.book';

withDynamoLocalTables(appointmentsService);

/** Monday 2 March 2026, 10:00 in Paris. */
const NOW = new Date('2026-03-02T09:00:00.000Z');
const KEY = 'cle-de-test-non-secrete';
const WEEK = { from: '2026-03-03', to: '2026-03-10', now: NOW, limit: 20 };

const actor = (role: Actor['roles'][number], organisationId: string): Actor =>
  ({ id: `user-${role}-${organisationId}`, roles: [role], organisationId }) as unknown as Actor;

interface Subject {
  book: AppointmentBook;
  /** After the test: what the book sent was what the fixture recorded, in order, all of it. */
  verify(): void;
}

const implementations: [string, (repository: AppointmentsRepository, fixture: string) => Subject][] = [
  ['the built-in book (DynamoDB Local)', (repository) => ({ book: relaisBook(repository), verify: () => undefined })],
  [
    'the RDV-Service-Public book (recorded exchanges)',
    (_repository, fixture) => {
      const replay = replayFetch(`rdv-service-public/${fixture}`);
      return {
        book: rdvServicePublicBook({ baseUrl: replay.origin, token: async () => KEY, fetch: replay.fetch }),
        verify() {
          expect(replay.mismatches).toEqual([]);
          expect(replay.pending()).toEqual([]);
          for (const request of replay.sent) expect(request.headers[RDV_SP_KEY_HEADER.toLowerCase()]).toBe(KEY);
        },
      };
    },
  ],
];

/** A site of the partner, a referral to it for a person, and (built-in book) its availability: Tuesdays 9:00–12:00, one place each 30 min. */
async function world(make: (repository: AppointmentsRepository, fixture: string) => Subject, fixture: string) {
  const repository = new DynamoAppointmentsRepository();
  const subject = make(repository, fixture);
  const ids = { sender: newId(), partner: newId(), site: newId(), referral: newId(), person: newId() };
  const deps: AppointmentsDeps = {
    repository,
    clock: { now: () => NOW },
    newId,
    reminderRules: () => ({
      daysBefore: 1,
      time: '10:00',
      monthlyBudget: 1000,
      quietHours: { start: '20:00', end: '09:00' },
      quietDays: ['sun'],
    }),
    newUnitOfWork: () => new DynamoUnitOfWork(),
    appointmentBook: async (organisationId) => {
      expect(organisationId).toBe(ids.partner);
      return subject.book;
    },
  };
  const site = { siteId: ids.site, organisationId: ids.partner, name: 'CAF du Lot — Cahors', version: 1 };
  const uow = new DynamoUnitOfWork();
  repository.saveSite(uow, site);
  repository.saveReferral(uow, {
    referralId: ids.referral,
    fromOrganisationId: ids.sender,
    toOrganisationId: ids.partner,
    personId: ids.person,
    themes: ['famille'],
    status: 'sent',
    at: '2026-03-02T08:00:00.000Z',
  });
  await uow.commit();
  if (subject.book.kind === 'relais') {
    const availability = {
      ranges: [{ weekday: 2, from: '09:00', to: '12:00', slotMinutes: 30, capacity: 1, channel: 'site' as const }],
      exceptions: [],
      horizonDays: 30,
      minNoticeHours: 24,
      openOnPublicHolidays: false,
      version: 0,
    };
    await PutAvailability(deps).execute({ siteId: ids.site, availability }, actor('pilote', ids.sender));
  }
  const agent = actor('accueil', ids.sender);
  const bookSlot = (start: string) => BookAppointment(deps).execute({ siteId: ids.site, referralId: ids.referral, start }, agent);
  const freeStarts = async () => (await subject.book.freeSlots(site, WEEK)).map((s) => s.start);
  return { ...subject, deps, ids, site, agent, repository, bookSlot, freeStarts };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { code?: string; errors?: unknown }) => ({ code: e.code, errors: e.errors }),
  );

describe.each(implementations)('the AppointmentBook contract: %s', (_name, make) => {
  it('lists free slots in start order after now, books one for the referral’s person, and the slot is no longer free', async () => {
    const w = await world(make, 'book-a-free-slot');
    const slots = await w.book.freeSlots(w.site, WEEK);
    expect(slots.length).toBeGreaterThan(0);
    const starts = slots.map((s) => Date.parse(s.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((s) => s > NOW.getTime())).toBe(true);
    const first = slots[0]!;
    expect(first.start).toBe('2026-03-03T10:00:00+01:00');

    const result = await w.bookSlot(first.start);
    expect(result).toMatchObject({ booked: { start: first.start, end: first.end, status: 'booked', organisationId: w.ids.partner } });
    const id = 'booked' in result ? result.booked.id : '';
    const stored = await w.repository.getAppointment(id);
    expect(stored).toMatchObject({ personId: w.ids.person, referralId: w.ids.referral, status: 'booked' });
    expect(stored?.external !== undefined).toBe(w.book.kind !== 'relais');

    expect(await w.freeStarts()).not.toContain(first.start);
    w.verify();
  });

  it('answers a taken slot with the next free ones (the use case’s 409), never the taken one', async () => {
    const w = await world(make, 'taken-slot');
    const [first] = await w.freeStarts();
    expect(await w.bookSlot(first!)).toHaveProperty('booked');
    const again = await w.bookSlot(first!);
    expect(again).toMatchObject({ taken: true });
    const alternatives = 'alternatives' in again ? again.alternatives : [];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((s) => s.start)).not.toContain(first);
    expect(alternatives.every((s) => Date.parse(s.start) > Date.parse(first!))).toBe(true);
    w.verify();
  });

  it('refuses a start in the past with 422 naming body.start, asking the agenda nothing', async () => {
    const w = await world(make, 'nothing-sent');
    expect(await failure(w.bookSlot('2026-03-02T08:00:00+01:00'))).toEqual({
      code: appointmentsErrors.code('slot.past'),
      errors: [{ path: 'body.start', message: 'Créneau passé' }],
    });
    w.verify();
  });

  it('frees the slot when the appointment is cancelled', async () => {
    const w = await world(make, 'cancel-frees-the-slot');
    const [first] = await w.freeStarts();
    const result = await w.bookSlot(first!);
    const id = 'booked' in result ? result.booked.id : '';
    expect(await CancelAppointment(w.deps).execute({ id }, w.agent)).toMatchObject({ status: 'cancelled' });
    expect((await w.repository.getAppointment(id))?.status).toBe('cancelled');
    expect(await w.freeStarts()).toContain(first);
    w.verify();
  });
});

describe.each(implementations)('a person erased (PersonErased, ADR 0037, 0042): %s', (_name, make) => {
  it('cancels her appointment to come in the book (its slot free again, the partner told without her); her past one stays, anonymous', async () => {
    const w = await world(make, 'cancel-frees-the-slot');
    const [first] = await w.freeStarts();
    const result = await w.bookSlot(first!);
    const id = 'booked' in result ? result.booked.id : '';
    // Her appointment of the week before, written as a booking would have.
    const pastId = newId();
    const written = new DynamoUnitOfWork();
    w.repository.createAppointment(written, {
      id: pastId,
      siteId: w.ids.site,
      organisationId: w.ids.partner,
      referralId: w.ids.referral,
      personId: w.ids.person,
      bookedByOrganisationId: w.ids.sender,
      bookedBy: 'test',
      start: '2026-02-24T09:00:00.000Z',
      end: '2026-02-24T09:30:00.000Z',
      channel: 'site',
      status: 'booked',
      createdAt: '2026-02-20T09:00:00.000Z',
      updatedAt: '2026-02-20T09:00:00.000Z',
      version: 1,
    });
    await written.commit();

    const erased = PersonErased.create({ personId: w.ids.person, at: NOW.toISOString(), reason: 'retention' });
    const forget = makeForgetPerson({ ...w.deps, pendingCancels: new DynamoPendingCancels() });
    const event = { source: PersonErased.source, detailType: PersonErased.detailType, detail: erased.detail };
    expect(await forget.execute(event)).toEqual({ appointments: 2, cancelled: 1, notCancelled: 0, referrals: 1, links: 0 });

    const cancelled = await w.repository.getAppointment(id);
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2, personErasedAt: NOW.toISOString() });
    expect(cancelled?.personId).toBeUndefined();
    expect(await w.freeStarts()).toContain(first);
    const past = await w.repository.getAppointment(pastId);
    expect(past).toMatchObject({ status: 'booked', version: 1, personErasedAt: NOW.toISOString() });
    expect(past?.personId).toBeUndefined();
    // The partner hears of it through `AppointmentCancelled`, which holds nothing of her.
    const out = await ddb().send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
        ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': 'AppointmentCancelled' },
      }),
    );
    const events = (out.Items ?? []).map((i) => JSON.parse(i.detail as string)).filter((e) => e.data.appointmentId === id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ byOrganisationId: '', organisationId: w.ids.partner, start: first, sequence: 1 });
    expect(JSON.stringify(events[0])).not.toContain(w.ids.person);
    expect(out.Items?.some((i) => String(i.detail).includes(pastId))).toBe(false);

    // Delivered again: nothing left, nothing asked of the agenda.
    expect(await forget.execute(event)).toEqual({ appointments: 0, cancelled: 0, notCancelled: 0, referrals: 0, links: 0 });
    w.verify();
  });
});

describe('a person erased while her organisation’s RDV-Service-Public agenda does not answer', () => {
  it('forgets her all the same: the appointment to come stays booked, anonymous, counted as not cancelled', async () => {
    const w = await world(implementations[1]![1], 'cancel-unavailable');
    const id = newId();
    const written = new DynamoUnitOfWork();
    w.repository.createAppointment(written, {
      id,
      siteId: w.ids.site,
      organisationId: w.ids.partner,
      referralId: w.ids.referral,
      personId: w.ids.person,
      bookedByOrganisationId: w.ids.sender,
      bookedBy: 'test',
      start: '2026-03-03T09:00:00.000Z',
      end: '2026-03-03T09:30:00.000Z',
      channel: 'site',
      status: 'booked',
      external: { kind: 'rdv-service-public', id: '4217' },
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
      version: 1,
    });
    await written.commit();
    const erased = PersonErased.create({ personId: w.ids.person, at: NOW.toISOString(), reason: 'retention' });
    const event = { source: PersonErased.source, detailType: PersonErased.detailType, detail: erased.detail };
    expect(await makeForgetPerson({ ...w.deps, pendingCancels: new DynamoPendingCancels() }).execute(event)).toMatchObject({
      appointments: 1,
      cancelled: 0,
      notCancelled: 1,
    });
    const kept = await w.repository.getAppointment(id);
    expect(kept).toMatchObject({ status: 'booked', version: 1, personErasedAt: NOW.toISOString() });
    expect(kept?.personId).toBeUndefined();
    expect(await w.repository.appointmentsOfPerson(w.ids.person)).toEqual([]);
    w.verify();
  });
});

describe('the RDV-Service-Public book when its agenda fails', () => {
  it('is 503 appointments.book.unavailable (in French) and records nothing', async () => {
    const w = await world(implementations[1]![1], 'agenda-unavailable');
    const refused = await failure(w.bookSlot('2026-03-03T10:00:00+01:00'));
    expect(refused?.code).toBe(appointmentsErrors.code('book.unavailable'));
    expect(appointmentsErrors.error('book.unavailable')).toMatchObject({ status: 503 });
    expect(await failure(w.freeStarts())).toMatchObject({ code: appointmentsErrors.code('book.unavailable') });
    // Nothing recorded for the referral's person.
    expect(await w.repository.appointmentsOfPerson(w.ids.person)).toEqual([]);
    w.verify();
  });
});
