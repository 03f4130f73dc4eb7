import type { Actor } from '../../../shared/auth/actor';
import { ConflictError, DomainRuleError, ForbiddenError, NotFoundError } from '../../../shared/errors/errors';
import type { Role } from '../../../shared/manifest/manifest';
import {
  addAction,
  addGoal,
  addJournalEntry,
  addMember,
  changeReferent,
  close,
  markReminded,
  nextDueDate,
  openParcours,
  overdueToRemind,
  recordMeeting,
  removeMember,
  resume,
  summaryOf,
  suspend,
  updateAction,
  visibleJournal,
} from './parcours.rules';
import type { ParcoursRecord } from './parcours.schema';

const NOW = new Date('2026-11-24T09:00:00Z');
const TODAY = '2026-11-24';

const actor = (id: string, role: Role, organisationId = 'CD46'): Actor => ({
  id,
  name: `Agent ${id}`,
  email: null,
  roles: [role],
  organisationId,
  siteId: null,
});
const referent = actor('ts-1', 'travailleur_social');
const partner = actor('caf-1', 'partenaire', 'CAF');
const stranger = actor('ml-1', 'partenaire', 'ML');
const pilote = actor('pilote-1', 'pilote');

let seq = 0;
const ids = () => `ID${String(++seq).padStart(24, '0')}`;

const agreement = { referentChosenByPerson: true, sharingAccepted: true, date: TODAY, method: 'oral' as const };

function open(extra: Partial<Parameters<typeof openParcours>[0]> = {}): ParcoursRecord {
  return openParcours(
    { id: 'P1', referentMemberId: 'M-REF', personId: 'PERSON', agreement, territoryKnown: false, now: NOW, ...extra },
    referent,
  );
}

function withPartner(): ParcoursRecord {
  return addMember(open(), { userId: partner.id, name: 'Claire', organisationId: 'CAF', role: 'Conseillère' }, referent, 'M-CAF', NOW).next;
}

function refused(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainRuleError) return (error.errors ?? []).map((e) => e.path);
    throw error;
  }
  throw new Error('not refused');
}

describe('opening a parcours (rule 3)', () => {
  it('opens with the agreement recorded and the référent as first member', () => {
    const p = open();
    expect(p.status).toBe('active');
    expect(p.agreement).toMatchObject({ referentChosenByPerson: true, sharingAccepted: true, date: TODAY, method: 'oral' });
    expect(p.members).toEqual([expect.objectContaining({ id: 'M-REF', userId: referent.id, organisationId: 'CD46', since: TODAY })]);
    expect(p.referentMemberId).toBe('M-REF');
  });

  it('refuses without the agreement, or with either part missing, naming each', () => {
    expect(refused(() => open({ agreement: undefined }))).toEqual(['body.agreement']);
    expect(refused(() => open({ agreement: { sharingAccepted: true, date: TODAY } }))).toEqual(['body.agreement.referentChosenByPerson']);
    expect(refused(() => open({ agreement: { referentChosenByPerson: true, sharingAccepted: false } }))).toEqual([
      'body.agreement.sharingAccepted',
      'body.agreement.date',
    ]);
    expect(refused(() => open({ agreement: { ...agreement, date: '2026-11-25' } }))).toEqual(['body.agreement.date']);
  });

  it('lets only a social worker open it, as the référent; an unknown territory is refused', () => {
    expect(() =>
      openParcours({ id: 'P', referentMemberId: 'M', personId: 'X', agreement, territoryKnown: false, now: NOW }, partner),
    ).toThrow(ForbiddenError);
    expect(refused(() => open({ referentUserId: 'someone-else' }))).toEqual(['body.referentUserId']);
    expect(refused(() => open({ territoryId: 'T1', territoryKnown: false }))).toEqual(['body.territory']);
    expect(open({ territoryId: 'T1', territoryKnown: true }).territoryId).toBe('T1');
  });
});

describe('members', () => {
  it('are added and removed by the référent only; removed members keep their dates but lose access', () => {
    expect(() => addMember(withPartner(), { name: 'X', organisationId: 'ML', role: 'R' }, partner, 'M2', NOW)).toThrow(ForbiddenError);
    const p = withPartner();
    const { next, member } = removeMember(p, 'M-CAF', referent, NOW, 'Fin de droits');
    expect(member).toMatchObject({ until: TODAY, removalReason: 'Fin de droits' });
    expect(() => removeMember(next, 'M-CAF', referent, NOW)).toThrow(ConflictError);
    expect(() => removeMember(next, 'nope', referent, NOW)).toThrow(NotFoundError);
    expect(() => visibleJournal(next, [], member)).not.toThrow();
  });

  it('refuses the same user twice, and removing the référent or an owner of open actions', () => {
    expect(
      refused(() => addMember(withPartner(), { userId: partner.id, name: 'C', organisationId: 'CAF', role: 'R' }, referent, 'M3', NOW)),
    ).toEqual(['body.userId']);
    expect(refused(() => removeMember(withPartner(), 'M-REF', referent, NOW))).toEqual(['path.memberId']);
    const p = addGoal(
      withPartner(),
      { title: 'G', actions: [{ label: 'A', ownerMemberId: 'M-CAF', dueDate: TODAY }] },
      referent,
      ids,
      NOW,
    ).next;
    expect(refused(() => removeMember(p, 'M-CAF', referent, NOW))).toEqual(['path.memberId']);
  });
});

describe('reading', () => {
  it('is for active members only: not the coordinator, not strangers', () => {
    const p = withPartner();
    expect(() => addJournalEntry(p, { text: 'x', visibility: 'all', visibleToPerson: false }, stranger, 'J', NOW)).toThrow(ForbiddenError);
    expect(() => addJournalEntry(p, { text: 'x', visibility: 'all', visibleToPerson: false }, pilote, 'J', NOW)).toThrow(ForbiddenError);
    const entry = addJournalEntry(p, { text: 'x', visibility: 'referent', visibleToPerson: false }, referent, 'J1', NOW);
    const shared = addJournalEntry(p, { text: 'y', visibility: 'all', visibleToPerson: false }, partner, 'J2', NOW);
    const [ref, caf] = [p.members[0]!, p.members[1]!];
    expect(visibleJournal(p, [entry, shared], ref).map((e) => e.id)).toEqual(['J1', 'J2']);
    expect(visibleJournal(p, [entry, shared], caf).map((e) => e.id)).toEqual(['J2']);
  });
});

describe('the shared plan', () => {
  it('refuses an owner who is not a member and a due date before the opening', () => {
    const p = withPartner();
    expect(
      refused(() =>
        addGoal(
          p,
          {
            title: 'G',
            actions: [
              { label: 'a', ownerMemberId: 'ghost', dueDate: TODAY },
              { label: 'b', ownerMemberId: 'M-CAF', dueDate: '2026-11-23' },
            ],
          },
          referent,
          ids,
          NOW,
        ),
      ),
    ).toEqual(['body.actions.0.ownerMemberId', 'body.actions.1.dueDate']);
  });

  it('changes an action only from its current version (409 otherwise)', () => {
    const { next: p, goal } = addGoal(
      withPartner(),
      { title: 'G', actions: [{ label: 'a', ownerMemberId: 'M-CAF', dueDate: TODAY }] },
      referent,
      ids,
      NOW,
    );
    const actionId = goal.actions[0]!.id;
    const { next, action } = updateAction(p, goal.id, actionId, { version: 1, status: 'doing' }, partner, NOW);
    expect(action).toMatchObject({ status: 'doing', version: 2 });
    expect(() => updateAction(next, goal.id, actionId, { version: 1, status: 'done' }, referent, NOW)).toThrow(ConflictError);
    expect(() => updateAction(next, goal.id, 'nope', { version: 2 }, referent, NOW)).toThrow(NotFoundError);
    expect(refused(() => updateAction(next, goal.id, actionId, { version: 2, ownerMemberId: 'ghost' }, referent, NOW))).toEqual([
      'body.ownerMemberId',
    ]);
    const added = addAction(next, goal.id, { label: 'b', ownerMemberId: 'M-REF', dueDate: '2026-12-01' }, referent, 'A2', NOW);
    expect(added.next.goals[0]?.actions.map((a) => a.id)).toEqual([actionId, 'A2']);
  });
});

describe('meetings', () => {
  it('need member participants; a full decision becomes an action of its goal', () => {
    const { next: p, goal } = addGoal(withPartner(), { title: 'G', actions: [] }, referent, ids, NOW);
    expect(
      refused(() =>
        recordMeeting(
          p,
          { date: TODAY, personPresent: true, participants: ['M-REF', 'ghost'], notes: '', decisions: [] },
          referent,
          ids,
          NOW,
        ),
      ),
    ).toEqual(['body.participants.1']);
    expect(
      refused(() =>
        recordMeeting(
          p,
          { date: TODAY, personPresent: true, participants: ['M-REF'], notes: '', decisions: [{ label: 'd', goalId: goal.id }] },
          referent,
          ids,
          NOW,
        ),
      ),
    ).toEqual(['body.decisions.0.ownerMemberId', 'body.decisions.0.dueDate']);
    const { next, meeting } = recordMeeting(
      p,
      {
        date: TODAY,
        personPresent: true,
        participants: ['M-REF', 'M-CAF'],
        notes: 'n',
        decisions: [{ label: 'simple' }, { label: 'à faire', goalId: goal.id, ownerMemberId: 'M-CAF', dueDate: '2026-12-10' }],
      },
      referent,
      ids,
      NOW,
    );
    expect(meeting.decisions[0]).toEqual({ label: 'simple' });
    expect(next?.goals[0]?.actions).toEqual([expect.objectContaining({ label: 'à faire', fromMeetingId: meeting.id, status: 'todo' })]);
  });
});

describe('status and closing', () => {
  it('suspends and resumes by the référent; a closed parcours changes no more', () => {
    const p = withPartner();
    expect(() => suspend(p, 'x', partner, NOW)).toThrow(ForbiddenError);
    const s = suspend(p, 'Hospitalisation', referent, NOW);
    expect(s.status).toBe('suspended');
    expect(() => suspend(s, 'x', referent, NOW)).toThrow(ConflictError);
    expect(resume(s, referent, NOW).status).toBe('active');
    expect(() => resume(p, referent, NOW)).toThrow(ConflictError);
  });

  it('closes only with an outcome for every goal, the person’s view and the reason; counts the outcomes', () => {
    const a = addGoal(withPartner(), { title: 'Logement', actions: [] }, referent, ids, NOW);
    const b = addGoal(a.next, { title: 'Santé', actions: [] }, referent, ids, NOW);
    const paths = refused(() =>
      close(
        b.next,
        {
          reason: 'r',
          personView: 'v',
          goals: [
            { goalId: a.goal.id, outcome: 'achieved' },
            { goalId: 'ghost', outcome: 'partly' },
          ],
        },
        referent,
        NOW,
      ),
    );
    expect(paths).toEqual(['body.goals.1.goalId', 'body.goals']);
    const { next, outcomes } = close(
      b.next,
      {
        reason: 'Objectifs atteints',
        personView: 'Merci',
        goals: [
          { goalId: a.goal.id, outcome: 'achieved' },
          { goalId: b.goal.id, outcome: 'not_achieved', comment: 'Plus tard' },
        ],
      },
      referent,
      NOW,
    );
    expect(outcomes).toEqual({ achieved: 1, partly: 0, notAchieved: 1 });
    expect(next.status).toBe('closed');
    expect(next.closing).toMatchObject({ reason: 'Objectifs atteints', personView: 'Merci' });
    expect(() => addJournalEntry(next, { text: 'x', visibility: 'all', visibleToPerson: false }, referent, 'J', NOW)).toThrow(
      ConflictError,
    );
    expect(summaryOf(next, TODAY)).toMatchObject({ status: 'closed', closedAt: NOW.toISOString(), memberCount: 2, goalCount: 2 });
  });
});

describe('overdue reminders', () => {
  it('watch the earliest unreminded due date of an active parcours, and remind each action once', () => {
    const { next: p, goal } = addGoal(
      withPartner(),
      {
        title: 'G',
        actions: [
          { label: 'a', ownerMemberId: 'M-CAF', dueDate: '2026-11-26' },
          { label: 'b', ownerMemberId: 'M-REF', dueDate: '2026-12-20' },
        ],
      },
      referent,
      ids,
      NOW,
    );
    expect(nextDueDate(p)).toBe('2026-11-26');
    expect(overdueToRemind(p, '2026-11-26')).toEqual([]);
    const due = overdueToRemind(p, '2026-11-27');
    expect(due.map((d) => d.action.label)).toEqual(['a']);
    expect(due[0]?.owner?.userId).toBe(partner.id);
    const reminded = markReminded(p, new Set(due.map((d) => d.action.id)), NOW);
    expect(overdueToRemind(reminded, '2026-11-27')).toEqual([]);
    expect(nextDueDate(reminded)).toBe('2026-12-20');
    // A new due date is a new deadline.
    const moved = updateAction(reminded, goal.id, goal.actions[0]!.id, { version: 1, dueDate: '2026-12-01' }, referent, NOW).next;
    expect(nextDueDate(moved)).toBe('2026-12-01');
    expect(nextDueDate(suspend(p, 'x', referent, NOW))).toBeUndefined();
  });

  it('a done action is never reminded', () => {
    const { next: p, goal } = addGoal(
      withPartner(),
      { title: 'G', actions: [{ label: 'a', ownerMemberId: 'M-CAF', dueDate: TODAY }] },
      referent,
      ids,
      NOW,
    );
    const done = updateAction(p, goal.id, goal.actions[0]!.id, { version: 1, status: 'done' }, partner, NOW).next;
    expect(overdueToRemind(done, '2026-12-31')).toEqual([]);
    expect(nextDueDate(done)).toBeUndefined();
  });
});

describe('changing the référent', () => {
  it('is done by the new référent, a social worker already member, with the reason', () => {
    const other = actor('ts-2', 'travailleur_social', 'CD46');
    const p = addMember(open(), { userId: other.id, name: 'B', organisationId: 'CD46', role: 'CESF' }, referent, 'M-2', NOW).next;
    expect(() => changeReferent(p, { reason: 'r', agreement: { date: TODAY } }, stranger, NOW)).toThrow(ForbiddenError);
    expect(refused(() => changeReferent(p, { reason: 'r', agreement: { date: TODAY } }, referent, NOW))).toEqual(['body']);
    const { next, previous } = changeReferent(p, { reason: 'Déménagement', agreement: { date: TODAY, method: 'oral' } }, other, NOW);
    expect(next.referentMemberId).toBe('M-2');
    expect(previous.id).toBe('M-REF');
    expect(next.referentChanges).toEqual([expect.objectContaining({ reason: 'Déménagement', previousReferentUserId: referent.id })]);
  });
});
