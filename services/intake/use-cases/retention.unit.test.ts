/**
 * The retention purge (DOMAIN rule 6) on the in-memory twins (ADR 0023): who is erased, what is
 * kept of her receptions and referrals, who is postponed, and that an erasure interrupted by
 * activity writes nothing of its last step. Over DynamoDB Local: test/integration/intake.int.test.ts.
 */
import type { Actor } from '../../../shared/auth/actor';
import { memoryIntake } from '../../../shared/testing/intake.memory';
import { distinctName } from '../../../test/support/names';
import type { CreatePersonInput } from '../domain/person.schema';
import { makeCreatePerson } from './persons.use-cases';
import { makeRecordReception } from './receptions.use-cases';
import { makeAnswerReferral, makeSendReferral } from './referrals.use-cases';
import { ERASED_NOTE, makeEraseInactivePersons } from './retention.use-cases';

const START = new Date('2024-01-10T09:00:00.000Z');
const DAY = 86_400_000;
/** RELAIS_PERSON_RETENTION_DAYS' default: two years. */
const RETENTION_DAYS = 730;
const daysLater = (days: number) => new Date(START.getTime() + days * DAY);

async function world() {
  const m = memoryIntake({ now: START });
  const ccas = await m.organisation({ name: 'CCAS de Cahors' });
  const caf = await m.organisation({ name: 'CAF du Lot', type: 'caf' });
  const site = await m.site(ccas.organisationId);
  const agent: Actor = {
    id: 'U-ccas',
    name: 'Agent',
    email: null,
    roles: ['accueil'],
    organisationId: ccas.organisationId,
    siteId: site.siteId,
  };
  const partner: Actor = {
    id: 'U-caf',
    name: 'Partenaire',
    email: null,
    roles: ['partenaire'],
    organisationId: caf.organisationId,
    siteId: null,
  };
  const inTransaction = async <T>(fn: (uow: ReturnType<typeof m.newUnitOfWork>) => Promise<T>): Promise<T> => {
    const uow = m.newUnitOfWork();
    const out = await fn(uow);
    await uow.commit();
    return out;
  };
  const person = async (fields: Partial<CreatePersonInput> = {}) => {
    const outcome = await inTransaction((uow) =>
      makeCreatePerson(m.deps).execute(
        {
          lastName: 'Martin',
          firstName: distinctName('Léa'),
          birthDate: '1990-04-01',
          communeCode: '46042',
          consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
          ...fields,
        },
        agent,
        { uow },
      ),
    );
    if (outcome.kind !== 'created') throw new Error('duplicate in fixture');
    return outcome.person;
  };
  const reception = (personId: string) =>
    inTransaction((uow) =>
      makeRecordReception(m.deps).execute(
        {
          siteId: site.siteId,
          channel: 'site',
          personId,
          themes: ['famille'],
          summary: 'Difficultés de logement',
          informationGiven: 'Adresse du CCAS',
        },
        agent,
        { uow },
      ),
    );
  const referral = (personId: string) =>
    inTransaction((uow) =>
      makeSendReferral(m.deps).execute(
        {
          toOrganisationId: caf.organisationId,
          personId,
          themes: ['famille'],
          reason: 'Droits',
          urgency: 'normal',
          liaisonNote: 'Très personnel',
        },
        agent,
        { uow },
      ),
    );
  const purge = (at: Date) => {
    m.setNow(at);
    return makeEraseInactivePersons(m.deps).execute();
  };
  const parcours = (personId: string, fields: { status: 'open' | 'closed'; openedAt: string; closedAt?: string }) =>
    m.write((uow) => m.repository.saveParcoursProjection(uow, { parcoursId: `PA-${personId}`, personId, ...fields }));
  return { m, agent, partner, person, reception, referral, purge, parcours, inTransaction };
}

describe('the retention purge', () => {
  it('does nothing while everyone was seen within the period', async () => {
    const w = await world();
    await w.person();
    expect(await w.purge(daysLater(RETENTION_DAYS - 1))).toEqual({ erased: 0, postponed: 0 });
    expect(w.m.events('PersonErased')).toEqual([]);
  });

  it('erases a person without activity for the period: record gone, erasure audited and announced without her name', async () => {
    const w = await world();
    const person = await w.person({ lastName: 'Durand' });
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 1, postponed: 0 });
    expect(await w.m.repository.getPerson(person.id)).toBeUndefined();
    const [event] = w.m.events('PersonErased');
    expect(event?.data).toEqual({ personId: person.id, at: daysLater(RETENTION_DAYS + 1).toISOString(), reason: 'retention' });
    expect(JSON.stringify(w.m.events())).not.toContain('Durand');
    expect(w.m.auditOf(person.id).at(-1)).toMatchObject({ action: 'erase', actorId: 'system:retention', purpose: 'conservation' });
    // Once erased, nothing is due any more.
    expect(await w.purge(daysLater(RETENTION_DAYS + 2))).toEqual({ erased: 0, postponed: 0 });
  });

  it('keeps her receptions as non-identifying facts: channel, themes, age range and commune', async () => {
    const w = await world();
    const person = await w.person();
    const reception = await w.reception(person.id);
    await w.purge(daysLater(RETENTION_DAYS + 1));
    const kept = await w.m.repository.getReception(reception.id);
    expect(kept).toMatchObject({ channel: 'site', themes: ['famille'], anonymous: { ageRange: expect.any(String), communeCode: '46042' } });
    expect(kept).not.toHaveProperty('personId');
    expect(kept).not.toHaveProperty('summary');
    expect(kept).not.toHaveProperty('informationGiven');
    expect(await w.m.repository.receptionsOfPerson(person.id)).toEqual([]);
  });

  it('keeps her referrals without the liaison note, the free texts of their steps, or her', async () => {
    const w = await world();
    const person = await w.person();
    const sent = await w.referral(person.id);
    await w.inTransaction((uow) =>
      makeAnswerReferral(w.m.deps, 'accept').execute(sent.id, { comment: 'Mme vient lundi' }, w.partner, { uow }),
    );
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 1, postponed: 0 });
    const kept = await w.m.repository.getReferral(sent.id);
    expect(kept).toMatchObject({ status: 'accepted', liaisonNote: ERASED_NOTE, version: 3, themes: ['famille'] });
    expect(kept).not.toHaveProperty('personId');
    expect(kept?.history.some((step) => 'comment' in step)).toBe(false);
    // The partner's right to read her went with her.
    expect(await w.m.repository.referredTo(person.id, sent.toOrganisationId)).toBe(false);
    expect(w.m.items().filter((i) => String(i.pk) === `PERSON#${person.id}`)).toEqual([]);
  });

  it('counts from her last activity: a reception a year later moves the date', async () => {
    const w = await world();
    const person = await w.person();
    w.m.setNow(daysLater(365));
    await w.reception(person.id);
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 0, postponed: 0 });
    expect(await w.m.repository.getPerson(person.id)).toBeDefined();
    expect(await w.purge(daysLater(365 + RETENTION_DAYS + 1))).toEqual({ erased: 1, postponed: 0 });
  });

  it('postpones a person in an open parcours, once: her date moves on', async () => {
    const w = await world();
    const person = await w.person();
    await w.parcours(person.id, { status: 'open', openedAt: START.toISOString() });
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 0, postponed: 1 });
    expect(await w.purge(daysLater(RETENTION_DAYS + 2))).toEqual({ erased: 0, postponed: 0 });
    expect(await w.m.repository.getPerson(person.id)).toBeDefined();
    expect(w.m.events('PersonErased')).toEqual([]);
  });

  it('postpones a person whose parcours closed within the period, erases one whose parcours closed long ago', async () => {
    const w = await world();
    const recent = await w.person({ lastName: 'Recent' });
    const old = await w.person({ lastName: 'Ancien' });
    await w.parcours(recent.id, { status: 'closed', openedAt: START.toISOString(), closedAt: daysLater(400).toISOString() });
    await w.parcours(old.id, { status: 'closed', openedAt: START.toISOString(), closedAt: daysLater(10).toISOString() });
    expect(await w.purge(daysLater(RETENTION_DAYS + 20))).toEqual({ erased: 1, postponed: 1 });
    expect(await w.m.repository.getPerson(recent.id)).toBeDefined();
    expect(await w.m.repository.getPerson(old.id)).toBeUndefined();
  });

  it('leaves a person touched while the job ran: its last step (delete, audit, event) is not written at all', async () => {
    const w = await world();
    const person = await w.person();
    const repository = w.m.repository;
    const everything = repository.everythingOfPerson.bind(repository);
    // A reception arrives between the listing and the erasure.
    repository.everythingOfPerson = async (personId: string) => {
      await w.m.write((uow) => repository.touchPerson(uow, personId, daysLater(RETENTION_DAYS).toISOString()));
      return everything(personId);
    };
    const audits = w.m.auditOf(person.id).length;
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 0, postponed: 0 });
    expect(await repository.getPerson(person.id)).toBeDefined();
    expect(w.m.events('PersonErased')).toEqual([]);
    expect(w.m.auditOf(person.id)).toHaveLength(audits);
  });

  it('erases someone with more records than one transaction holds', async () => {
    const w = await world();
    const person = await w.person();
    const receptions = [];
    for (let i = 0; i < 95; i++) receptions.push(await w.reception(person.id));
    w.m.setNow(START);
    await w.m.write((uow) => w.m.repository.touchPerson(uow, person.id, START.toISOString()));
    expect(await w.purge(daysLater(RETENTION_DAYS + 1))).toEqual({ erased: 1, postponed: 0 });
    const kept = await w.m.repository.getReception(receptions[94]!.id);
    expect(kept).not.toHaveProperty('personId');
    expect(await w.m.repository.getPerson(person.id)).toBeUndefined();
  });
});
