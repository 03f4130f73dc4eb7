/**
 * The person use cases on the in-memory twins (ADR 0023): creation with its duplicates check,
 * consents, exceptional access — who may, what is stored, which events and audit lines, which
 * errors, nothing written when refused. Over HTTP on DynamoDB Local: test/integration/intake.int.test.ts
 * and consent-guards.int.test.ts.
 */
import type { Actor } from '../../../shared/auth/actor';
import { AppError } from '../../../shared/errors/errors';
import { memoryIntake } from '../../../shared/testing/intake.memory';
import type { CreatePersonInput, PatchConsentsInput } from '../domain/person.schema';
import { accessTo } from './person-access';
import { makeChangeConsents, makeCreatePerson, makeGrantExceptionalAccess } from './persons.use-cases';

const NOW = new Date('2026-03-02T09:00:00.000Z');

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const input = (fields: Partial<CreatePersonInput> = {}): CreatePersonInput => ({
  lastName: 'Martin',
  firstName: 'Léa',
  birthDate: '1990-04-01',
  consents: { networkSharing: { given: true, method: 'written' }, smsSurveys: { given: true } },
  ...fields,
});

async function world() {
  const m = memoryIntake({ now: NOW });
  const ccas = await m.organisation({ name: 'CCAS de Cahors' });
  const caf = await m.organisation({ name: 'CAF du Lot', type: 'caf' });
  const outsider = await m.organisation({ name: 'Association hors réseau', networkMember: false });
  const actor = (id: string, roles: Actor['roles'], organisationId: string | null): Actor => ({
    id,
    name: `Agent ${id}`,
    email: null,
    roles,
    organisationId,
    siteId: null,
  });
  const agent = actor('U-ccas', ['accueil'], ccas.organisationId);
  const cafAgent = actor('U-caf-accueil', ['accueil'], caf.organisationId);
  const partner = actor('U-caf', ['partenaire'], caf.organisationId);
  const outsiderPartner = actor('U-out', ['partenaire'], outsider.organisationId);
  const create = async (by: Actor = agent, fields: Partial<CreatePersonInput> = {}) => {
    const uow = m.newUnitOfWork();
    const outcome = await makeCreatePerson(m.deps).execute(input(fields), by, { uow, correlationId: 'corr-create' });
    await uow.commit();
    return outcome;
  };
  const created = async (by: Actor = agent, fields: Partial<CreatePersonInput> = {}) => {
    const outcome = await create(by, fields);
    if (outcome.kind !== 'created') throw new Error('expected a creation');
    return outcome.person;
  };
  const change = async (personId: string, patch: PatchConsentsInput, by: Actor = agent) => {
    const uow = m.newUnitOfWork();
    const view = await makeChangeConsents(m.deps).execute(personId, patch, by, { uow });
    await uow.commit();
    return view;
  };
  const grant = async (personId: string, by: Actor) => {
    const uow = m.newUnitOfWork();
    const out = await makeGrantExceptionalAccess(m.deps).execute(
      personId,
      { reason: 'continuity_of_care', details: 'Suivi urgent à reprendre' },
      by,
      { uow },
    );
    await uow.commit();
    return out;
  };
  const persons = () => m.items().filter((i) => i.entity === 'Person');
  return { m, ccas, caf, agent, cafAgent, partner, outsiderPartner, create, created, change, grant, persons };
}

describe('creating a person', () => {
  it('stores her with who recorded each consent, how and when, announces it and audits it', async () => {
    const w = await world();
    const person = await w.created();
    expect(person).toMatchObject({
      lastName: 'Martin',
      version: 1,
      createdAt: NOW.toISOString(),
      recordedBy: { organisationId: w.ccas.organisationId, organisationName: 'CCAS de Cahors' },
    });
    const stored = await w.m.repository.getPerson(person.id);
    expect(stored?.consents.networkSharing).toEqual({
      given: true,
      method: 'written',
      recordedAt: NOW.toISOString(),
      recordedBy: { userId: 'U-ccas', name: 'Agent U-ccas', organisationId: w.ccas.organisationId },
    });
    // The SMS consent was asked in the same conversation: same method.
    expect(stored?.consents.smsSurveys.method).toBe('written');
    expect(stored?.createdBy).toEqual({ userId: 'U-ccas', name: 'Agent U-ccas', organisationId: w.ccas.organisationId, role: 'accueil' });
    const [event] = w.m.events('PersonRecorded');
    expect(event?.data).toEqual({
      personId: person.id,
      recordedByOrganisationId: w.ccas.organisationId,
      networkSharing: true,
      smsSurveys: true,
      at: NOW.toISOString(),
    });
    expect(event?.metadata.correlationId).toBe('corr-create');
    // No name in the event: ids and facts only.
    expect(JSON.stringify(event)).not.toContain('Martin');
    expect(w.m.auditOf(person.id).map((l) => [l.action, l.purpose, l.actorId])).toEqual([['create', 'accueil', 'U-ccas']]);
  });

  it('starts her retention period: she is due for erasure after two years without activity', async () => {
    const w = await world();
    const person = await w.created();
    const before = await w.m.repository.personsDueForErasure('2028-02-29T00:00:00.000Z', 10);
    expect(before.map((d) => d.personId)).not.toContain(person.id);
    const after = await w.m.repository.personsDueForErasure('2028-03-02T09:00:01.000Z', 10);
    expect(after).toEqual([{ personId: person.id, lastActivityAt: NOW.toISOString() }]);
  });

  it('gives back possible duplicates instead, writing no person, each shown candidate an audited read', async () => {
    const w = await world();
    const first = await w.created();
    const outcome = await w.create(w.agent, { firstName: 'Lea' });
    expect(outcome).toEqual({
      kind: 'duplicates',
      candidates: [{ id: first.id, lastName: 'Martin', firstName: 'Léa', birthDate: '1990-04-01', communeCode: null }],
    });
    expect(w.persons()).toHaveLength(1);
    expect(w.m.events('PersonRecorded')).toHaveLength(1);
    expect(w.m.auditOf(first.id).map((l) => [l.action, l.purpose])).toEqual([
      ['create', 'accueil'],
      ['read', 'verification-doublon'],
    ]);
  });

  it('goes ahead once the agent confirms every candidate is someone else', async () => {
    const w = await world();
    const first = await w.created();
    const second = await w.created(w.agent, { confirmedNotDuplicateOf: [first.id] });
    expect(second.id).not.toBe(first.id);
    expect(w.persons()).toHaveLength(2);
  });

  it('lists every bad field and writes nothing', async () => {
    const w = await world();
    const error = await failure(
      makeCreatePerson(w.m.deps).execute(
        { ...input({ lastName: '  ', birthDate: '2999-01-01', phone: 'pas un numéro' }), nickname: 'x' } as CreatePersonInput,
        w.agent,
        { uow: w.m.newUnitOfWork() },
      ),
    );
    expect(error.code).toBe('kernel.validation');
    expect([...new Set(error.errors?.map((e) => e.path))].sort()).toEqual([
      'body.birthDate',
      'body.lastName',
      'body.nickname',
      'body.phone',
    ]);
    expect(error.errors?.every((e) => /[a-zàéè]/i.test(e.message))).toBe(true);
    expect(w.persons()).toEqual([]);
  });

  it('a partner outside the network records no one; an account without organisation neither', async () => {
    const w = await world();
    expect((await failure(w.create(w.outsiderPartner))).code).toBe('intake.organisation.not-network-member');
    expect((await failure(w.create({ ...w.agent, organisationId: null }))).code).toBe('intake.account.no-organisation');
    expect((await failure(w.create({ ...w.agent, roles: ['pilote'] }))).code).toBe('kernel.forbidden');
    expect(w.persons()).toEqual([]);
    expect(w.m.events()).toEqual([]);
  });
});

describe('changing consents', () => {
  it('the recording organisation records the new consent with who, how and when, on the version it read', async () => {
    const w = await world();
    const person = await w.created();
    w.m.setNow('2026-03-05T10:00:00.000Z');
    const view = await w.change(person.id, { version: 1, networkSharing: { given: false, method: 'oral' } });
    expect(view.version).toBe(2);
    const stored = await w.m.repository.getPerson(person.id);
    expect(stored?.consents.networkSharing).toMatchObject({ given: false, method: 'oral', recordedAt: '2026-03-05T10:00:00.000Z' });
    expect(stored?.consents.smsSurveys.given).toBe(true);
    expect(w.m.events('PersonConsentsChanged').map((e) => e.data)).toEqual([
      {
        personId: person.id,
        networkSharing: false,
        smsSurveys: true,
        at: '2026-03-05T10:00:00.000Z',
        byOrganisationId: w.ccas.organisationId,
      },
    ]);
    expect(w.m.auditOf(person.id).at(-1)).toMatchObject({ action: 'update', purpose: 'demande-de-la-personne' });
  });

  it('keeps the reference of a written consent only, and the SMS method follows the sharing one', async () => {
    const w = await world();
    const person = await w.created();
    await w.change(person.id, {
      version: 1,
      networkSharing: { given: true, method: 'written', reference: 'Classeur 3' },
      smsSurveys: { given: false },
    });
    const stored = await w.m.repository.getPerson(person.id);
    expect(stored?.consents.networkSharing.reference).toBe('Classeur 3');
    expect(stored?.consents.smsSurveys).toMatchObject({ given: false, method: 'written', reference: 'Classeur 3' });
    await w.change(person.id, { version: 2, networkSharing: { given: true, method: 'oral', reference: 'ignorée' } });
    expect((await w.m.repository.getPerson(person.id))?.consents.networkSharing.reference).toBeUndefined();
  });

  it('no other organisation changes them — refused before the version is even looked at', async () => {
    const w = await world();
    const person = await w.created();
    const error = await failure(w.change(person.id, { version: 99, smsSurveys: { given: false } }, w.cafAgent));
    expect(error.status).toBe(403);
    expect(error.code).toBe('intake.person.consents-forbidden');
    expect((await w.m.repository.getPerson(person.id))?.version).toBe(1);
    expect((await failure(w.change('01KDVDZZZZZZZZZZZZZZZZZZZZ', { version: 1, smsSurveys: { given: false } }))).code).toBe(
      'intake.person.not-found',
    );
  });

  it('a stale version is a 409 that says the current one', async () => {
    const w = await world();
    const person = await w.created();
    await w.change(person.id, { version: 1, smsSurveys: { given: false } });
    const error = await failure(w.change(person.id, { version: 1, smsSurveys: { given: true } }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('intake.person.version-conflict');
    expect(error.errors).toEqual([{ path: 'body.version', message: 'Version périmée (version actuelle : 2)' }]);
  });

  it('two changes on the same version at once: the later commit fails whole (no event, no audit line)', async () => {
    const w = await world();
    const person = await w.created();
    const slow = w.m.newUnitOfWork();
    await makeChangeConsents(w.m.deps).execute(person.id, { version: 1, smsSurveys: { given: false } }, w.agent, { uow: slow });
    await w.change(person.id, { version: 1, networkSharing: { given: false, method: 'oral' } });
    const audits = w.m.auditOf(person.id).length;
    expect((await failure(slow.commit())).code).toBe('intake.person.version-conflict');
    expect((await w.m.repository.getPerson(person.id))?.consents.smsSurveys.given).toBe(true);
    expect(w.m.events('PersonConsentsChanged')).toHaveLength(1);
    expect(w.m.auditOf(person.id)).toHaveLength(audits);
  });
});

describe('exceptional access', () => {
  it('opens a restricted file for 24 hours, audited as exceptional and announced without the explanation', async () => {
    const w = await world();
    const person = await w.created(w.agent, {
      consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: false } },
    });
    const stored = (await w.m.repository.getPerson(person.id))!;
    expect((await accessTo(w.m.deps, w.cafAgent, stored)).access).toBe('restricted');
    expect(await w.grant(person.id, w.cafAgent)).toEqual({ grantedUntil: '2026-03-03T09:00:00.000Z' });
    const decision = await accessTo(w.m.deps, w.cafAgent, stored);
    expect(decision).toMatchObject({ access: 'full', purpose: 'acces-exceptionnel' });
    expect(w.m.auditOf(person.id).at(-1)).toMatchObject({ action: 'exceptional-access', exceptional: true, reason: 'continuity_of_care' });
    const [event] = w.m.events('ExceptionalAccessGranted');
    expect(event?.data).toMatchObject({ personId: person.id, userId: 'U-caf-accueil', reason: 'continuity_of_care' });
    expect(JSON.stringify(event)).not.toContain('Suivi urgent');
    w.m.setNow('2026-03-03T09:00:01.000Z');
    expect((await accessTo(w.m.deps, w.cafAgent, stored)).access).toBe('restricted');
  });

  it('is needless for a file one reads in full (422), refused for a file one may not know of (403)', async () => {
    const w = await world();
    const person = await w.created();
    expect((await failure(w.grant(person.id, w.agent))).code).toBe('intake.person.exceptional-access-needless');
    expect((await failure(w.grant(person.id, w.partner))).code).toBe('intake.person.exceptional-access-forbidden');
    expect(w.m.events('ExceptionalAccessGranted')).toEqual([]);
  });
});
