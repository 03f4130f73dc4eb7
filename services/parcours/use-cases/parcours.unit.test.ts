/**
 * The parcours use cases on the in-memory twins (ADR 0023): opening with the person's agreement,
 * members, the plan, closing — who may, what changes, which events and audit lines, which errors,
 * nothing written on a refusal or a conflict. Over HTTP on DynamoDB Local: test/integration/parcours.int.test.ts.
 */
import type { Actor } from '../../../shared/auth/actor';
import { AppError } from '../../../shared/errors/errors';
import { memoryParcours } from '../../../shared/testing/parcours.memory';
import { newId } from '../../../shared/validation/common.schema';
import type { OpenParcoursInput } from '../domain/parcours.schema';
import {
  makeAddAction,
  makeAddGoal,
  makeAddMember,
  makeCloseParcours,
  makeOpenParcours,
  makeRemoveMember,
  makeSuspendParcours,
  makeUpdateAction,
} from './parcours.use-cases';

const NOW = new Date('2026-03-02T09:00:00.000Z');

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function world() {
  const m = memoryParcours({ now: NOW });
  const ccas = newId();
  const caf = newId();
  const actor = (id: string, roles: Actor['roles'], organisationId: string | null): Actor => ({
    id,
    name: `Agent ${id}`,
    email: null,
    roles,
    organisationId,
    siteId: null,
  });
  const worker = actor('U-ts', ['travailleur_social'], ccas);
  const partner = actor('U-caf', ['partenaire'], caf);
  const stranger = actor('U-other', ['travailleur_social'], newId());
  const receptionist = actor('U-acc', ['accueil'], ccas);
  m.accounts.add({ userId: 'U-caf', organisationId: caf, roles: ['partenaire'] });
  m.accounts.add({ userId: 'U-pilot', organisationId: caf, roles: ['pilote'] });
  const personId = newId();
  // What intake announced: recorded by the CCAS, sharing accepted.
  await m.write((uow) =>
    m.repository.savePersonFacts(uow, { personId, recordedByOrganisationId: ccas, networkSharing: true, at: NOW.toISOString() }),
  );

  const inTransaction = async <T>(fn: (uow: ReturnType<typeof m.newUnitOfWork>) => Promise<T>): Promise<T> => {
    const uow = m.newUnitOfWork();
    const out = await fn(uow);
    await uow.commit();
    return out;
  };
  const agreement = { referentChosenByPerson: true, sharingAccepted: true, date: '2026-03-01', method: 'oral' as const };
  const open = (by: Actor = worker, fields: Partial<OpenParcoursInput> = {}) =>
    inTransaction((uow) => makeOpenParcours(m.deps).execute({ personId, agreement, ...fields }, by, { uow, correlationId: 'corr-open' }));
  const addPartner = (id: string, by: Actor = worker) =>
    inTransaction((uow) =>
      makeAddMember(m.deps).execute(id, by, { uow }, { userId: 'U-caf', name: 'Agent CAF', organisationId: caf, role: 'Conseillère CAF' }),
    );
  const addGoal = (id: string, by: Actor, ownerMemberId: string) =>
    inTransaction((uow) =>
      makeAddGoal(m.deps).execute(
        id,
        by,
        { uow },
        { title: 'Ouvrir les droits', actions: [{ label: 'Dossier CAF', ownerMemberId, dueDate: '2026-03-20' }] },
      ),
    );
  return { m, ccas, caf, worker, partner, stranger, receptionist, personId, open, addPartner, addGoal, inTransaction };
}

describe('opening a parcours', () => {
  it('opens it with the social worker as référent, announces it with its first member, audits it', async () => {
    const w = await world();
    const view = await w.open();
    expect(view).toMatchObject({ personId: w.personId, status: 'active', version: 1, you: { isReferent: true } });
    expect(view.referent).toMatchObject({ userId: 'U-ts', organisationId: w.ccas });
    expect(w.m.events().map((e) => e.detailType)).toEqual(['ParcoursOpened', 'ParcoursMemberAdded']);
    expect(w.m.events('ParcoursOpened')[0]?.metadata.correlationId).toBe('corr-open');
    expect(w.m.auditOf(w.personId).map((l) => [l.action, l.purpose])).toEqual([['create', 'accompagnement']]);
    // « Mes parcours » lists it for its référent.
    expect((await w.m.repository.listOfMember('U-ts', undefined, 10)).items.map((p) => p.id)).toEqual([view.id]);
  });

  it('without the person’s agreement: 422 naming each missing part, nothing written', async () => {
    const w = await world();
    const before = w.m.items().length;
    const error = await failure(w.open(w.worker, { agreement: { referentChosenByPerson: true } }));
    expect(error.status).toBe(422);
    expect(error.errors?.map((e) => e.path)).toContain('body.agreement.sharingAccepted');
    expect(w.m.items()).toHaveLength(before);
    expect(w.m.events()).toEqual([]);
  });

  it('only a social worker, only for a person intake announced and whom they read in full', async () => {
    const w = await world();
    expect((await failure(w.open(w.receptionist))).code).toBe('kernel.forbidden');
    expect((await failure(w.open(w.worker, { personId: newId() }))).code).toBe('parcours.person.unknown');
    await w.m.write((uow) =>
      w.m.repository.savePersonFacts(uow, {
        personId: w.personId,
        recordedByOrganisationId: w.ccas,
        networkSharing: false,
        at: '2026-03-02T09:00:01.000Z',
      }),
    );
    expect((await failure(w.open(w.stranger))).code).toBe('parcours.open-forbidden');
    expect(w.m.events()).toEqual([]);
  });

  it('lists bad input fields before anything else', async () => {
    const w = await world();
    const error = await failure(
      makeOpenParcours(w.m.deps).execute({ personId: 'pas-un-id', agreement: { date: '2026-13-45' } } as OpenParcoursInput, w.worker, {
        uow: w.m.newUnitOfWork(),
      }),
    );
    expect(error.code).toBe('kernel.validation');
    expect(error.errors?.map((e) => e.path).sort()).toEqual(['body.agreement.date', 'body.personId']);
  });
});

describe('members', () => {
  it('the référent adds a real account of the organisation given: it joins, is announced and finds the parcours', async () => {
    const w = await world();
    const p = await w.open();
    const member = await w.addPartner(p.id);
    expect(member).toMatchObject({ userId: 'U-caf', organisationId: w.caf, role: 'Conseillère CAF' });
    expect((await w.m.repository.getParcours(p.id))?.version).toBe(2);
    expect(w.m.events('ParcoursMemberAdded').map((e) => e.data.userId)).toEqual(['U-ts', 'U-caf']);
    expect((await w.m.repository.listOfMember('U-caf', 'active', 10)).items.map((x) => x.id)).toEqual([p.id]);
  });

  it('refuses a member who is not the référent’s to add (403 before looking at accounts), or not a real account (422)', async () => {
    const w = await world();
    const p = await w.open();
    await w.addPartner(p.id);
    expect((await failure(w.addPartner(p.id, w.partner))).code).toBe('parcours.referent-only');
    expect((await failure(w.addPartner(p.id, w.stranger))).code).toBe('parcours.members-only');
    const ghost = await failure(
      w.inTransaction((uow) =>
        makeAddMember(w.m.deps).execute(p.id, w.worker, { uow }, { userId: 'U-nobody', name: 'X', organisationId: w.caf, role: 'R' }),
      ),
    );
    expect(ghost.code).toBe('parcours.member.refused');
    const pilot = await failure(
      w.inTransaction((uow) =>
        makeAddMember(w.m.deps).execute(p.id, w.worker, { uow }, { userId: 'U-pilot', name: 'P', organisationId: w.caf, role: 'R' }),
      ),
    );
    expect(pilot.errors?.map((e) => e.path)).toEqual(['body.userId']);
    expect((await w.m.repository.getParcours(p.id))?.version).toBe(2);
  });

  it('a removed member leaves « mes parcours », and the removal is announced', async () => {
    const w = await world();
    const p = await w.open();
    const member = await w.addPartner(p.id);
    await w.inTransaction((uow) => makeRemoveMember(w.m.deps).execute(p.id, w.worker, { uow }, member.id, 'Fin de l’accompagnement CAF'));
    expect((await w.m.repository.listOfMember('U-caf', undefined, 10)).items).toEqual([]);
    expect(w.m.events('ParcoursMemberRemoved').map((e) => e.data)).toEqual([
      expect.objectContaining({ memberId: member.id, userId: 'U-caf' }),
    ]);
    const again = await failure(w.inTransaction((uow) => makeRemoveMember(w.m.deps).execute(p.id, w.worker, { uow }, member.id)));
    expect(again.code).toBe('parcours.member.already-left');
  });
});

describe('the plan', () => {
  it('members add goals and actions owned by members; actions are version-checked', async () => {
    const w = await world();
    const p = await w.open();
    const member = await w.addPartner(p.id);
    const goal = await w.addGoal(p.id, w.partner, member.id);
    expect(goal.actions).toEqual([expect.objectContaining({ label: 'Dossier CAF', ownerMemberId: member.id, dueDate: '2026-03-20' })]);
    const action = await w.inTransaction((uow) =>
      makeAddAction(w.m.deps).execute(p.id, w.worker, { uow }, goal.id, {
        label: 'Rendez-vous',
        ownerMemberId: p.referentMemberId,
        dueDate: '2026-03-10',
      }),
    );
    const done = await w.inTransaction((uow) =>
      makeUpdateAction(w.m.deps).execute(p.id, w.partner, { uow }, goal.id, action.id, { version: action.version, status: 'done' }),
    );
    expect(done.status).toBe('done');
    const stale = await failure(
      w.inTransaction((uow) =>
        makeUpdateAction(w.m.deps).execute(p.id, w.partner, { uow }, goal.id, action.id, { version: action.version, label: 'Autre' }),
      ),
    );
    expect(stale.code).toBe('parcours.action.version-conflict');
    // The plan's next due date is what the overdue reminders read.
    expect(await w.m.repository.dueParcours('2026-03-21', 10)).toEqual([p.id]);
    expect(await w.m.repository.dueParcours('2026-03-20', 10)).toEqual([]);
  });

  it('refuses an action owned by someone who is not a member, and a non-member’s goal', async () => {
    const w = await world();
    const p = await w.open();
    expect((await failure(w.addGoal(p.id, w.worker, newId()))).code).toBe('parcours.goal.refused');
    expect((await failure(w.addGoal(p.id, w.stranger, p.referentMemberId))).code).toBe('parcours.members-only');
    expect((await w.m.repository.getParcours(p.id))?.goals).toEqual([]);
  });

  it('two changes based on the same version: the later commit gets 409 and writes nothing', async () => {
    const w = await world();
    const p = await w.open();
    const slow = w.m.newUnitOfWork();
    await makeAddGoal(w.m.deps).execute(p.id, w.worker, { uow: slow }, { title: 'Logement', actions: [] });
    await w.inTransaction((uow) => makeSuspendParcours(w.m.deps).execute(p.id, w.worker, { uow }, 'Hospitalisation'));
    const audits = w.m.auditOf(w.personId).length;
    expect((await failure(slow.commit())).code).toBe('parcours.version-conflict');
    const stored = await w.m.repository.getParcours(p.id);
    expect(stored).toMatchObject({ status: 'suspended', goals: [] });
    expect(w.m.auditOf(w.personId)).toHaveLength(audits);
  });
});

describe('closing', () => {
  it('needs an outcome for every goal; closed, it announces the counts only and accepts no change', async () => {
    const w = await world();
    const p = await w.open();
    const goal = await w.addGoal(p.id, w.worker, p.referentMemberId);
    const close = (goals: Array<{ goalId: string; outcome: 'achieved' | 'partly' | 'not_achieved' }>, by = w.worker) =>
      w.inTransaction((uow) =>
        makeCloseParcours(w.m.deps).execute(p.id, by, { uow }, { reason: 'Objectifs atteints', personView: 'Très aidée', goals }),
      );
    const missing = await failure(close([]));
    expect(missing.code).toBe('parcours.closing.outcomes-missing');
    expect((await w.m.repository.getParcours(p.id))?.status).toBe('active');
    expect((await failure(close([{ goalId: goal.id, outcome: 'achieved' }], w.partner))).code).toBe('parcours.members-only');
    const closed = await close([{ goalId: goal.id, outcome: 'achieved' }]);
    expect(closed).toMatchObject({ status: 'closed', closing: { reason: 'Objectifs atteints' } });
    const [event] = w.m.events('ParcoursClosed');
    expect(event?.data).toMatchObject({ parcoursId: p.id, withAssessment: true, closedAt: NOW.toISOString() });
    expect(JSON.stringify(event)).not.toContain('Très aidée');
    expect((await failure(w.addGoal(p.id, w.worker, p.referentMemberId))).code).toBe('parcours.closed');
    // A closed parcours leaves the due index.
    expect(await w.m.repository.dueParcours('2027-01-01', 10)).toEqual([]);
  });
});
