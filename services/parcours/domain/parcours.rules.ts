/**
 * The parcours' rules, pure: no clock, no ids, no storage (the use cases give them). Each change
 * returns the next record; a refused change throws a typed error naming what is wrong.
 */
import { type Actor, hasRole } from '../../../shared/auth/actor';
import { authorize } from '../../../shared/auth/policy';
import type { FieldError } from '../../../shared/errors/errors';
import type {
  Action,
  AddGoalInput,
  AddJournalEntryInput,
  AddMemberInput,
  AgreementInput,
  ChangeReferentInput,
  CloseParcoursInput,
  Goal,
  JournalEntry,
  Meeting,
  Member,
  NewActionInput,
  ParcoursRecord,
  ParcoursSummary,
  RecordMeetingInput,
  UpdateActionInput,
  Who,
} from './parcours.schema';
import { type ParcoursErrorKey, parcoursErrors } from '../errors';
import { PERSON_OWNER } from './parcours.schema';

/** Roles that may belong to a parcours and read it (SECURITY.md): never the coordinator or admins. */
export const MEMBER_ROLES = ['accueil', 'travailleur_social', 'partenaire'] as const;
export const DEFAULT_REFERENT_ROLE = 'Référent de parcours';

const TIME_ZONE = 'Europe/Paris';

/** The date Paris clocks show at `now` (`YYYY-MM-DD`): due dates and "today" are Paris dates. */
export function parisDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export const who = (actor: Actor): Who => ({ userId: actor.id, name: actor.name, organisationId: actor.organisationId });

/** The date the parcours opened (Paris): nothing of its plan may be due before it. */
export const openingDate = (p: ParcoursRecord): string => parisDate(new Date(p.openedAt));

export const isActiveMember = (m: Member): boolean => m.removedAt === undefined;
export const activeMembers = (p: ParcoursRecord): Member[] => p.members.filter(isActiveMember);

export function referentOf(p: ParcoursRecord): Member {
  const referent = p.members.find((m) => m.id === p.referentMemberId);
  if (!referent) throw new Error('A parcours without its référent member');
  return referent;
}

/** The caller's active membership, if any (a Relais user is a member through their user id). */
export function membershipOf(p: ParcoursRecord, actor: Actor): Member | undefined {
  if (!hasRole(actor, ...MEMBER_ROLES)) return undefined;
  return activeMembers(p).find((m) => m.userId === actor.id);
}

/** Members — and only members — read a parcours (SECURITY.md); anyone else gets 403, the coordinator too. */
export function requireMember(p: ParcoursRecord, actor: Actor): Member {
  const member = membershipOf(p, actor);
  authorize('parcours.contribute', actor, { parcoursMember: !!member }, parcoursErrors.error('members-only'));
  return member as Member;
}

/** The référent's actions (members, suspend, resume, close): policy `parcours.manage`. */
export function requireReferent(p: ParcoursRecord, actor: Actor): Member {
  const member = membershipOf(p, actor);
  authorize(
    'parcours.manage',
    actor,
    { parcoursMember: !!member, parcoursReferent: member?.id === p.referentMemberId },
    parcoursErrors.error(member ? 'referent-only' : 'members-only'),
  );
  return member as Member;
}

/** A closed parcours is kept as it was: readable, never changed again. */
export function requireNotClosed(p: ParcoursRecord): void {
  if (p.status === 'closed') throw parcoursErrors.error('closed');
}

function refuse(key: ParcoursErrorKey, errors: FieldError[]): never {
  throw parcoursErrors.error(key, { errors });
}

// Opening ---------------------------------------------------------------------------------------

export interface OpenParcoursFacts {
  id: string;
  referentMemberId: string;
  personId: string;
  referentUserId?: string;
  agreement?: AgreementInput;
  territoryId?: string;
  territoryKnown: boolean;
  referentRole?: string;
  now: Date;
}

/**
 * Open a parcours (DOMAIN rule 3): only with the person's recorded agreement — the référent was
 * chosen by the person, and the person accepts the sharing among the members, on a given date.
 * The référent is the social worker opening it and becomes its first member.
 */
export function openParcours(facts: OpenParcoursFacts, actor: Actor): ParcoursRecord {
  if (!hasRole(actor, 'travailleur_social')) {
    throw parcoursErrors.error('social-worker-only');
  }
  if (!actor.organisationId) throw parcoursErrors.error('account.no-organisation');
  const errors: FieldError[] = [];
  const agreement = facts.agreement;
  if (!agreement) errors.push({ path: 'body.agreement', message: 'L’accord de la personne est obligatoire' });
  else {
    if (agreement.referentChosenByPerson !== true) {
      errors.push({ path: 'body.agreement.referentChosenByPerson', message: 'La personne doit avoir choisi son référent' });
    }
    if (agreement.sharingAccepted !== true) {
      errors.push({ path: 'body.agreement.sharingAccepted', message: 'La personne doit accepter le partage entre les membres' });
    }
    if (!agreement.date) errors.push({ path: 'body.agreement.date', message: 'La date de l’accord est obligatoire' });
    else if (agreement.date > parisDate(facts.now)) {
      errors.push({ path: 'body.agreement.date', message: 'L’accord ne peut pas être daté dans le futur' });
    }
  }
  if (facts.referentUserId !== undefined && facts.referentUserId !== actor.id) {
    errors.push({
      path: 'body.referentUserId',
      message: 'Le référent choisi par la personne ouvre lui-même le parcours (connecté avec son compte)',
    });
  }
  if (facts.territoryId && !facts.territoryKnown) errors.push({ path: 'body.territory', message: 'Territoire inconnu' });
  if (errors.length) refuse('agreement.missing', errors);

  const at = facts.now.toISOString();
  const by = who(actor);
  const referent: Member = {
    id: facts.referentMemberId,
    userId: actor.id,
    name: actor.name,
    organisationId: actor.organisationId,
    role: facts.referentRole ?? DEFAULT_REFERENT_ROLE,
    since: parisDate(facts.now),
    addedAt: at,
    addedBy: by,
  };
  return {
    id: facts.id,
    personId: facts.personId,
    status: 'active',
    ...(facts.territoryId ? { territoryId: facts.territoryId } : {}),
    referentMemberId: referent.id,
    agreement: {
      referentChosenByPerson: true,
      sharingAccepted: true,
      date: agreement?.date as string,
      ...(agreement?.method ? { method: agreement.method } : {}),
      recordedAt: at,
      recordedBy: by,
    },
    members: [referent],
    goals: [],
    referentChanges: [],
    statusChanges: [{ status: 'active', at, by }],
    openedAt: at,
    openedBy: by,
    updatedAt: at,
    version: 1,
  };
}

const touched = (p: ParcoursRecord, now: Date): ParcoursRecord => ({ ...p, updatedAt: now.toISOString(), version: p.version + 1 });

// Members ---------------------------------------------------------------------------------------

/** The référent adds a member: a Relais user (by user id) or a professional outside Relais, by name and organisation. */
export function addMember(p: ParcoursRecord, input: AddMemberInput, actor: Actor, memberId: string, now: Date) {
  requireReferent(p, actor);
  requireNotClosed(p);
  const errors: FieldError[] = [];
  const since = input.since ?? parisDate(now);
  if (since < openingDate(p)) errors.push({ path: 'body.since', message: 'Date antérieure à l’ouverture du parcours' });
  if (input.until && input.until < since) errors.push({ path: 'body.until', message: 'La fin précède le début' });
  if (input.userId && activeMembers(p).some((m) => m.userId === input.userId)) {
    errors.push({ path: 'body.userId', message: 'Cette personne est déjà membre du parcours' });
  }
  if (errors.length) refuse('member.refused', errors);
  const member: Member = {
    id: memberId,
    ...(input.userId ? { userId: input.userId } : {}),
    name: input.name,
    organisationId: input.organisationId,
    role: input.role,
    since,
    ...(input.until ? { until: input.until } : {}),
    addedAt: now.toISOString(),
    addedBy: who(actor),
  };
  return { next: { ...touched(p, now), members: [...p.members, member] }, member };
}

/** The référent removes a member: kept in the list with the date, no longer reads the parcours. */
export function removeMember(p: ParcoursRecord, memberId: string, actor: Actor, now: Date, reason?: string) {
  requireReferent(p, actor);
  requireNotClosed(p);
  const member = p.members.find((m) => m.id === memberId);
  if (!member) throw parcoursErrors.error('member.not-found');
  if (!isActiveMember(member)) throw parcoursErrors.error('member.already-left');
  if (member.id === p.referentMemberId) {
    refuse('member.is-referent', [{ path: 'path.memberId', message: 'C’est le référent du parcours' }]);
  }
  const owned = p.goals.flatMap((g) => g.actions.filter((a) => a.ownerMemberId === memberId && a.status !== 'done'));
  if (owned.length) {
    refuse('member.has-open-actions', [{ path: 'path.memberId', message: `${owned.length} action(s) en cours à réattribuer` }]);
  }
  const today = parisDate(now);
  const removed: Member = {
    ...member,
    until: member.until && member.until < today ? member.until : today,
    removedAt: now.toISOString(),
    removedBy: who(actor),
    ...(reason ? { removalReason: reason } : {}),
  };
  return { next: { ...touched(p, now), members: p.members.map((m) => (m.id === memberId ? removed : m)) }, member: removed };
}

/**
 * The person asked for another référent: the new one (a social worker already member of the
 * parcours) takes over, with the reason and the person's choice recorded.
 */
export function changeReferent(p: ParcoursRecord, input: ChangeReferentInput, actor: Actor, now: Date) {
  requireNotClosed(p);
  if (!hasRole(actor, 'travailleur_social')) {
    throw parcoursErrors.error('referent-social-worker-only');
  }
  const member = requireMember(p, actor);
  if (member.id === p.referentMemberId) {
    refuse('referent.already', [{ path: 'body', message: 'Déjà référent' }]);
  }
  if (input.agreement.date > parisDate(now)) {
    refuse('referent.choice-in-future', [{ path: 'body.agreement.date', message: 'Date dans le futur' }]);
  }
  const previous = referentOf(p);
  const change = {
    at: now.toISOString(),
    previousReferentUserId: previous.userId ?? '',
    previousReferentMemberId: previous.id,
    referentUserId: actor.id,
    referentMemberId: member.id,
    reason: input.reason,
    agreement: { date: input.agreement.date, ...(input.agreement.method ? { method: input.agreement.method } : {}) },
  };
  return {
    next: { ...touched(p, now), referentMemberId: member.id, referentChanges: [...p.referentChanges, change] },
    previous,
    referent: member,
  };
}

// The shared plan ----------------------------------------------------------------------------------

/** An action's owner must be an active member or the person herself; nothing is due before the parcours opened. */
function actionErrors(p: ParcoursRecord, input: Partial<NewActionInput>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const owner = input.ownerMemberId;
  if (owner !== undefined && owner !== PERSON_OWNER && !activeMembers(p).some((m) => m.id === owner)) {
    errors.push({ path: `${path}.ownerMemberId`, message: 'Ce responsable n’est pas membre du parcours' });
  }
  if (input.dueDate !== undefined && input.dueDate < openingDate(p)) {
    errors.push({ path: `${path}.dueDate`, message: `Échéance antérieure à l’ouverture du parcours (${openingDate(p)})` });
  }
  return errors;
}

function newAction(input: NewActionInput, id: string, actor: Actor, now: Date, fromMeetingId?: string): Action {
  const at = now.toISOString();
  return {
    id,
    label: input.label,
    ownerMemberId: input.ownerMemberId,
    dueDate: input.dueDate,
    status: 'todo',
    version: 1,
    createdAt: at,
    updatedAt: at,
    updatedBy: who(actor),
    ...(fromMeetingId ? { fromMeetingId } : {}),
  };
}

export function addGoal(p: ParcoursRecord, input: AddGoalInput, actor: Actor, newId: () => string, now: Date) {
  requireMember(p, actor);
  requireNotClosed(p);
  const errors = input.actions.flatMap((a, i) => actionErrors(p, a, `body.actions.${i}`));
  if (errors.length) refuse('goal.refused', errors);
  const goal: Goal = {
    id: newId(),
    title: input.title,
    createdAt: now.toISOString(),
    createdBy: who(actor),
    actions: input.actions.map((a) => newAction(a, newId(), actor, now)),
  };
  return { next: { ...touched(p, now), goals: [...p.goals, goal] }, goal };
}

function goalOf(p: ParcoursRecord, goalId: string): Goal {
  const goal = p.goals.find((g) => g.id === goalId);
  if (!goal) throw parcoursErrors.error('goal.not-found');
  return goal;
}

export function addAction(p: ParcoursRecord, goalId: string, input: NewActionInput, actor: Actor, id: string, now: Date) {
  requireMember(p, actor);
  requireNotClosed(p);
  const goal = goalOf(p, goalId);
  const errors = actionErrors(p, input, 'body');
  if (errors.length) refuse('action.refused', errors);
  const action = newAction(input, id, actor, now);
  const goals = p.goals.map((g) => (g.id === goal.id ? { ...g, actions: [...g.actions, action] } : g));
  return { next: { ...touched(p, now), goals }, action };
}

/** An edit carries the version of the action it was based on: a stale one is 409. */
export function updateAction(p: ParcoursRecord, goalId: string, actionId: string, patch: UpdateActionInput, actor: Actor, now: Date) {
  requireMember(p, actor);
  requireNotClosed(p);
  const goal = goalOf(p, goalId);
  const action = goal.actions.find((a) => a.id === actionId);
  if (!action) throw parcoursErrors.error('action.not-found');
  if (patch.version !== action.version) {
    throw parcoursErrors.error('action.version-conflict', {
      errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${action.version})` }],
    });
  }
  const errors = actionErrors(p, { ownerMemberId: patch.ownerMemberId, dueDate: patch.dueDate }, 'body');
  if (errors.length) refuse('action.change-refused', errors);
  const { version: _v, ...changes } = patch;
  const dueChanged = patch.dueDate !== undefined && patch.dueDate !== action.dueDate;
  const { remindedAt, ...rest } = action;
  const updated: Action = {
    ...rest,
    ...changes,
    // A new due date is a new deadline: its owner will be reminded again if it passes.
    ...(remindedAt && !dueChanged ? { remindedAt } : {}),
    version: action.version + 1,
    updatedAt: now.toISOString(),
    updatedBy: who(actor),
  };
  const goals = p.goals.map((g) => (g.id === goal.id ? { ...g, actions: g.actions.map((a) => (a.id === actionId ? updated : a)) } : g));
  return { next: { ...touched(p, now), goals }, action: updated };
}

// Meetings and journal ------------------------------------------------------------------------------

/**
 * An instance de concertation: its participants are members; the person is expected to be there
 * (rule 3); a decision with a goal, an owner and a due date becomes an action of that goal.
 */
export function recordMeeting(p: ParcoursRecord, input: RecordMeetingInput, actor: Actor, newId: () => string, now: Date) {
  requireMember(p, actor);
  requireNotClosed(p);
  const errors: FieldError[] = [];
  const members = new Set(p.members.map((m) => m.id));
  input.participants.forEach((id, i) => {
    if (!members.has(id)) errors.push({ path: `body.participants.${i}`, message: 'Ce participant n’est pas membre du parcours' });
  });
  if (input.date < openingDate(p)) errors.push({ path: 'body.date', message: 'Date antérieure à l’ouverture du parcours' });
  if (input.date > parisDate(now)) errors.push({ path: 'body.date', message: 'Une instance se consigne une fois tenue (date future)' });
  input.decisions.forEach((d, i) => {
    if (!('goalId' in d) || (d.goalId === undefined && d.ownerMemberId === undefined && d.dueDate === undefined)) return;
    const path = `body.decisions.${i}`;
    if (!d.goalId) errors.push({ path: `${path}.goalId`, message: 'Objectif obligatoire pour en faire une action' });
    else if (!p.goals.some((g) => g.id === d.goalId)) errors.push({ path: `${path}.goalId`, message: 'Objectif inconnu' });
    if (!d.ownerMemberId) errors.push({ path: `${path}.ownerMemberId`, message: 'Responsable obligatoire pour en faire une action' });
    if (!d.dueDate) errors.push({ path: `${path}.dueDate`, message: 'Échéance obligatoire pour en faire une action' });
    errors.push(...actionErrors(p, d, path));
  });
  if (errors.length) refuse('meeting.refused', errors);

  const meetingId = newId();
  let goals = p.goals;
  const decisions = input.decisions.map((d) => {
    if (!('goalId' in d) || !d.goalId || !d.ownerMemberId || !d.dueDate) return { label: d.label };
    const action = newAction({ label: d.label, ownerMemberId: d.ownerMemberId, dueDate: d.dueDate }, newId(), actor, now, meetingId);
    goals = goals.map((g) => (g.id === d.goalId ? { ...g, actions: [...g.actions, action] } : g));
    return { label: d.label, goalId: d.goalId, actionId: action.id };
  });
  const meeting: Meeting = {
    id: meetingId,
    date: input.date,
    personPresent: input.personPresent,
    participants: [...new Set(input.participants)],
    notes: input.notes,
    decisions,
    recordedAt: now.toISOString(),
    recordedBy: who(actor),
  };
  const changedPlan = goals !== p.goals;
  return { next: changedPlan ? { ...touched(p, now), goals } : undefined, meeting };
}

export function addJournalEntry(p: ParcoursRecord, input: AddJournalEntryInput, actor: Actor, id: string, now: Date): JournalEntry {
  const member = requireMember(p, actor);
  requireNotClosed(p);
  const date = input.date ?? parisDate(now);
  if (date > parisDate(now)) refuse('note.in-future', [{ path: 'body.date', message: 'Date future' }]);
  return {
    id,
    date,
    text: input.text,
    visibility: input.visibility,
    visibleToPerson: input.visibleToPerson && input.visibility === 'all',
    authorMemberId: member.id,
    author: who(actor),
    createdAt: now.toISOString(),
  };
}

/** Entries for the référent only are returned to the référent only. */
export function visibleJournal(p: ParcoursRecord, entries: JournalEntry[], reader: Member): JournalEntry[] {
  const isReferent = reader.id === p.referentMemberId;
  return entries.filter((e) => e.visibility === 'all' || isReferent);
}

// Status ----------------------------------------------------------------------------------------

export function suspend(p: ParcoursRecord, reason: string, actor: Actor, now: Date): ParcoursRecord {
  requireReferent(p, actor);
  requireNotClosed(p);
  if (p.status === 'suspended') throw parcoursErrors.error('already-suspended');
  const change = { status: 'suspended' as const, at: now.toISOString(), by: who(actor), reason };
  return { ...touched(p, now), status: 'suspended', statusChanges: [...p.statusChanges, change] };
}

export function resume(p: ParcoursRecord, actor: Actor, now: Date, comment?: string): ParcoursRecord {
  requireReferent(p, actor);
  requireNotClosed(p);
  if (p.status !== 'suspended') throw parcoursErrors.error('not-suspended');
  const change = { status: 'active' as const, at: now.toISOString(), by: who(actor), ...(comment ? { reason: comment } : {}) };
  return { ...touched(p, now), status: 'active', statusChanges: [...p.statusChanges, change] };
}

/**
 * Close with the end-of-accompaniment assessment: an outcome for every goal, the person's own
 * view in their words, and the reason. The record stays readable by its members.
 */
export function close(p: ParcoursRecord, input: CloseParcoursInput, actor: Actor, now: Date) {
  requireReferent(p, actor);
  requireNotClosed(p);
  const errors: FieldError[] = [];
  const known = new Set(p.goals.map((g) => g.id));
  const seen = new Set<string>();
  input.goals.forEach((g, i) => {
    if (!known.has(g.goalId)) errors.push({ path: `body.goals.${i}.goalId`, message: 'Objectif inconnu dans ce parcours' });
    else if (seen.has(g.goalId)) errors.push({ path: `body.goals.${i}.goalId`, message: 'Objectif déjà évalué plus haut' });
    seen.add(g.goalId);
  });
  for (const goal of p.goals) {
    if (!seen.has(goal.id)) errors.push({ path: 'body.goals', message: `Résultat manquant pour l’objectif ${goal.id} (${goal.title})` });
  }
  if (errors.length) refuse('closing.outcomes-missing', errors);
  const at = now.toISOString();
  const closing = {
    reason: input.reason,
    personView: input.personView,
    goals: input.goals.map((g) => ({ goalId: g.goalId, outcome: g.outcome, ...(g.comment ? { comment: g.comment } : {}) })),
    closedAt: at,
    closedBy: who(actor),
  };
  const next: ParcoursRecord = {
    ...touched(p, now),
    status: 'closed',
    closing,
    statusChanges: [...p.statusChanges, { status: 'closed', at, by: who(actor), reason: input.reason }],
  };
  const outcomes = { achieved: 0, partly: 0, notAchieved: 0 };
  for (const g of closing.goals) {
    if (g.outcome === 'achieved') outcomes.achieved++;
    else if (g.outcome === 'partly') outcomes.partly++;
    else outcomes.notAchieved++;
  }
  return { next, outcomes };
}

// Reminders -------------------------------------------------------------------------------------

const isOpenAction = (a: Action) => a.status !== 'done';
/** Reminders go to professionals: an action the person carries out herself is never reminded (ADR 0038). */
const isRemindable = (a: Action) => isOpenAction(a) && a.ownerMemberId !== PERSON_OWNER;

/** Actions past their due date, not done, whose owner was not reminded yet (only while the parcours is active). */
export function overdueToRemind(p: ParcoursRecord, today: string): Array<{ goal: Goal; action: Action; owner: Member | undefined }> {
  if (p.status !== 'active') return [];
  return p.goals.flatMap((goal) =>
    goal.actions
      .filter((a) => isRemindable(a) && !a.remindedAt && a.dueDate < today)
      .map((action) => ({ goal, action, owner: p.members.find((m) => m.id === action.ownerMemberId) })),
  );
}

/** The earliest due date still to watch (sparse `due` index): none once closed, suspended or all reminded. */
export function nextDueDate(p: ParcoursRecord): string | undefined {
  if (p.status !== 'active') return undefined;
  let next: string | undefined;
  for (const g of p.goals) for (const a of g.actions) if (isRemindable(a) && !a.remindedAt && (!next || a.dueDate < next)) next = a.dueDate;
  return next;
}

export function markReminded(p: ParcoursRecord, actionIds: ReadonlySet<string>, now: Date): ParcoursRecord {
  const at = now.toISOString();
  const goals = p.goals.map((g) => ({ ...g, actions: g.actions.map((a) => (actionIds.has(a.id) ? { ...a, remindedAt: at } : a)) }));
  return { ...p, goals, version: p.version + 1, updatedAt: at };
}

// Views -----------------------------------------------------------------------------------------

export function summaryOf(p: ParcoursRecord, today: string): ParcoursSummary {
  const referent = referentOf(p);
  const open = p.goals.flatMap((g) => g.actions.filter(isOpenAction));
  return {
    id: p.id,
    personId: p.personId,
    status: p.status,
    ...(p.territoryId ? { territoryId: p.territoryId } : {}),
    referent: { ...(referent.userId ? { userId: referent.userId } : {}), name: referent.name, organisationId: referent.organisationId },
    memberCount: activeMembers(p).length,
    goalCount: p.goals.length,
    openActions: open.length,
    overdueActions: p.status === 'closed' ? 0 : open.filter((a) => a.dueDate < today).length,
    openedAt: p.openedAt,
    updatedAt: p.updatedAt,
    ...(p.closing ? { closedAt: p.closing.closedAt } : {}),
  };
}
