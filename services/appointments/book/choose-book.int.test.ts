/**
 * The book chosen per organisation (ADR 0042), on DynamoDB Local: the directory's
 * `OrganisationChanged` carries the choice to appointments' projection; an organisation on
 * RDV-Service-Public has its free slots and bookings asked of that agenda (the injected `fetch`
 * replays test/fixtures/rdv-service-public), its key read from the secret it names (the local
 * setting RELAIS_RDVSP_TOKENS), and no slot counter of Relais' own book is written.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { ddb } from '../../../shared/dynamo/client';
import { DynamoUnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { EventDefinition } from '../../../shared/events/envelope';
import { withDynamoLocalTables } from '../../../shared/testing/tables';
import { withTrace } from '../../../shared/observability/trace-context';
import { newId } from '../../../shared/validation/common.schema';
import { replayFetch } from '../../../test/support/replay-fetch';
import { OrganisationChanged } from '../../directory/events/directory.events';
import { ReferralSent } from '../../intake/events/intake.events';
import { parseSettings } from '../../../shared/config/declare';
import { APPOINTMENTS_SETTINGS, resetAppointmentsSettings } from '../appointments.settings';
import { appointmentsErrors } from '../errors';
import { appointmentsService } from '../service';
import { DynamoAppointmentsRepository, table } from '../store/appointments.repository';
import { type AppointmentsDeps, BookAppointment, PutAvailability, bookOf } from '../use-cases/appointments.use-cases';
import { makeApplyProjections } from '../use-cases/projections.use-cases';
import { listSlots } from '../use-cases/reads.use-cases';
import { chooseBook, rdvspToken } from './choose-book';
import { RDV_SP_KEY_HEADER } from './rdv-service-public.book';

withDynamoLocalTables(appointmentsService);

/** Monday 2 March 2026, 10:00 in Paris. */
const NOW = new Date('2026-03-02T09:00:00.000Z');
const KEY = 'cle-locale-de-test-non-secrete';
const SECRET_NAME = 'caf-du-lot';

const actor = (role: Actor['roles'][number], organisationId: string): Actor =>
  ({ id: `user-${role}-${organisationId}`, roles: [role], organisationId }) as unknown as Actor;

function received<S extends z.ZodType>(definition: EventDefinition<S>, data: z.input<S>) {
  const event = definition.create(data);
  return { source: definition.source, detailType: definition.detailType, detail: event.detail };
}

const saved = process.env.RELAIS_RDVSP_TOKENS;
beforeAll(() => {
  process.env.RELAIS_RDVSP_TOKENS = JSON.stringify({ [SECRET_NAME]: KEY });
  resetAppointmentsSettings();
});
afterAll(() => {
  if (saved === undefined) delete process.env.RELAIS_RDVSP_TOKENS;
  else process.env.RELAIS_RDVSP_TOKENS = saved;
  resetAppointmentsSettings();
});

async function world(fixture: string) {
  const repository = new DynamoAppointmentsRepository();
  const replay = replayFetch(`rdv-service-public/${fixture}`);
  const ids = { sender: newId(), partner: newId(), site: newId(), referral: newId(), person: newId() };
  const deps: AppointmentsDeps = {
    repository,
    clock: { now: () => NOW },
    newId,
    reminderRules: () => ({ daysBefore: 1, time: '10:00', monthlyBudget: 1000, quietHours: { start: '20:00', end: '09:00' }, quietDays: ['sun'] }),
    newUnitOfWork: () => new DynamoUnitOfWork(),
    appointmentBook: chooseBook(repository, { token: rdvspToken, fetch: replay.fetch }),
  };
  const project = makeApplyProjections(deps);
  const apply = async (event: ReturnType<typeof received>) => {
    const uow = new DynamoUnitOfWork();
    const outcome = await project.execute(event, uow);
    await uow.commit();
    return outcome;
  };
  const site = new DynamoUnitOfWork();
  repository.saveSite(site, { siteId: ids.site, organisationId: ids.partner, name: 'CAF du Lot — Cahors', version: 1 });
  await site.commit();
  await apply(
    received(ReferralSent, {
      referralId: ids.referral,
      fromOrganisationId: ids.sender,
      toOrganisationId: ids.partner,
      themes: ['famille'],
      urgency: 'normal',
      sentAt: '2026-03-02T08:00:00.000Z',
      expiresAt: '2026-03-16T08:00:00.000Z',
      personId: ids.person,
    }),
  );
  const organisation = (version: number, appointmentBook?: z.input<typeof OrganisationChanged.schema>['appointmentBook']) =>
    received(OrganisationChanged, {
      organisationId: ids.partner,
      name: 'CAF du Lot',
      change: version === 1 ? 'created' : 'updated',
      version,
      type: 'caf',
      networkMember: true,
      charterSigned: true,
      ...(appointmentBook ? { appointmentBook } : {}),
    });
  const counters = async () => {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :slot)',
        ExpressionAttributeValues: { ':pk': `SITE#${ids.site}`, ':slot': 'SLOT#' },
        ConsistentRead: true,
      }),
    );
    return out.Items ?? [];
  };
  return { deps, ids, replay, apply, organisation, counters, repository };
}

const RDV_SP = { kind: 'rdv-service-public', baseUrl: 'https://rdv.example.test', organisationRef: '1090', tokenSecretName: SECRET_NAME } as const;

describe('the book chosen per organisation (ADR 0042)', () => {
  it('sends an organisation on RDV-Service-Public to its agenda: free slots and booking there, with the named key, no counter written here', async () => {
    const w = await world('book-a-free-slot');
    expect(await w.apply(w.organisation(1, RDV_SP))).toBe('applied');
    expect((await w.repository.getOrganisation(w.ids.partner))?.appointmentBook).toEqual(RDV_SP);

    const week = { from: '2026-03-03', to: '2026-03-10', limit: 20 };
    const before = await listSlots(w.deps, w.ids.site, week);
    expect(before.items.map((s) => s.start)).toContain('2026-03-03T10:00:00+01:00');
    expect(before.items).toHaveLength(10);

    const booked = await BookAppointment(w.deps).execute(
      { siteId: w.ids.site, referralId: w.ids.referral, start: '2026-03-03T10:00:00+01:00' },
      actor('accueil', w.ids.sender),
    );
    const id = 'booked' in booked ? booked.booked.id : '';
    expect(await w.repository.getAppointment(id)).toMatchObject({
      personId: w.ids.person,
      external: { kind: 'rdv-service-public', id: '4217' },
      status: 'booked',
    });
    const after = await listSlots(w.deps, w.ids.site, week);
    expect(after.items.map((s) => s.start)).not.toContain('2026-03-03T10:00:00+01:00');

    // Every call went to the agenda, in the recorded order, with the key of the named secret.
    expect(w.replay.mismatches).toEqual([]);
    expect(w.replay.pending()).toEqual([]);
    expect(w.replay.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/visioplainte/creneaux',
      'POST /api/visioplainte/rdvs',
      'GET /api/visioplainte/creneaux',
    ]);
    for (const request of w.replay.sent) expect(request.headers[RDV_SP_KEY_HEADER.toLowerCase()]).toBe(KEY);
    // Relais' own book was not used: no slot counter for the site.
    expect(await w.counters()).toEqual([]);
  });

  it('uses Relais’ own book for an organisation without a choice, or back to « relais », and never calls the agenda', async () => {
    const w = await world('book-a-free-slot');
    expect((await bookOf(w.deps, w.ids.partner)).kind).toBe('relais'); // not announced yet
    await w.apply(w.organisation(1));
    expect((await bookOf(w.deps, w.ids.partner)).kind).toBe('relais');
    await w.apply(w.organisation(2, RDV_SP));
    expect((await bookOf(w.deps, w.ids.partner)).kind).toBe('rdv-service-public');
    expect(await w.apply(w.organisation(2, { kind: 'relais' }))).toBe('stale'); // an older or same version changes nothing
    await w.apply(w.organisation(3, { kind: 'relais' }));
    expect((await bookOf(w.deps, w.ids.partner)).kind).toBe('relais');

    await PutAvailability(w.deps).execute(
      {
        siteId: w.ids.site,
        availability: {
          ranges: [{ weekday: 2, from: '09:00', to: '12:00', slotMinutes: 30, capacity: 1, channel: 'site' }],
          exceptions: [],
          horizonDays: 30,
          minNoticeHours: 24,
          openOnPublicHolidays: false,
          version: 0,
        },
      },
      actor('pilote', w.ids.sender),
    );
    const booked = await BookAppointment(w.deps).execute(
      { siteId: w.ids.site, referralId: w.ids.referral, start: '2026-03-03T10:00:00+01:00' },
      actor('accueil', w.ids.sender),
    );
    expect(booked).toHaveProperty('booked');
    expect(await w.counters()).toHaveLength(1);
    expect(w.replay.sent).toEqual([]);
  });

  it('reads the choice once per request, and answers 503 when the named key is not known (nothing sent)', async () => {
    const w = await world('book-a-free-slot');
    await w.apply(w.organisation(1, { ...RDV_SP, tokenSecretName: 'cle-inconnue' }));
    const reads = jest.spyOn(w.repository, 'getOrganisation');
    await withTrace({ correlationId: 'une-requete' }, async () => {
      const first = await bookOf(w.deps, w.ids.partner);
      expect(await bookOf(w.deps, w.ids.partner)).toBe(first);
    });
    expect(reads).toHaveBeenCalledTimes(1);
    await withTrace({ correlationId: 'une-autre-requete' }, () => bookOf(w.deps, w.ids.partner));
    expect(reads).toHaveBeenCalledTimes(2);

    const refused = await listSlots(w.deps, w.ids.site, { from: '2026-03-03', to: '2026-03-10', limit: 20 }).catch((e) => e);
    expect(refused).toMatchObject({ code: appointmentsErrors.code('book.unavailable'), status: 503 });
    expect(w.replay.sent).toEqual([]);
  });
});

describe('the local keys setting RELAIS_RDVSP_TOKENS', () => {
  it('is refused in French, naming the variable, when it is not {"name": "key"} — and never shows the value', () => {
    for (const raw of ['pas du json', '["cle"]', '{"Nom Invalide": "cle"}', '{"caf-du-lot": ""}']) {
      let message = '';
      try {
        parseSettings(APPOINTMENTS_SETTINGS, { RELAIS_RDVSP_TOKENS: raw });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('RELAIS_RDVSP_TOKENS');
      expect(message).toContain('attendu un objet JSON');
      expect(message).not.toContain(raw);
    }
    expect(parseSettings(APPOINTMENTS_SETTINGS, { RELAIS_RDVSP_TOKENS: '{"caf-du-lot": "k"}' }).RELAIS_RDVSP_TOKENS).toEqual({ 'caf-du-lot': 'k' });
  });
});
