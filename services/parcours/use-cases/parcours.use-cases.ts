import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { type ActionId, authorize } from '../../../shared/auth/policy';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { FieldError } from '../../../shared/errors/errors';
import { type UseCaseContext, type UseCaseSpec, defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import type { ParcoursDeps, ParcoursMemberDeps } from '../domain/parcours.ports';
import * as rules from '../domain/parcours.rules';
import {
  AddGoalSchema,
  AddMemberSchema,
  ChangeReferentSchema,
  CloseParcoursSchema,
  NewActionSchema,
  OpenParcoursSchema,
  RemoveMemberSchema,
  ResumeSchema,
  SuspendSchema,
  UpdateActionSchema,
} from '../domain/parcours.schema';
import type {
  AddGoalInput,
  AddJournalEntryInput,
  AddMemberInput,
  ChangeReferentInput,
  CloseParcoursInput,
  JournalEntry,
  Meeting,
  Member,
  NewActionInput,
  OpenParcoursInput,
  ParcoursRecord,
  ParcoursStatus,
  ParcoursSummary,
  PersonComment,
  RecordMeetingInput,
  UpdateActionInput,
} from '../domain/parcours.schema';
import {
  MeetingHeld,
  ParcoursClosed,
  ParcoursMemberAdded,
  ParcoursMemberRemoved,
  ParcoursOpened,
  ParcoursReferentChanged,
} from '../events/parcours.events';
import { parcoursErrors } from '../errors';

export interface WriteContext {
  uow: UnitOfWork;
  correlationId?: string;
}

/** What the parcours use cases run with (ADR 0023): the service's dependencies and, without a route's, their own unit of work. */
export type ParcoursUseCaseDeps = ParcoursDeps & { newUnitOfWork?: () => UnitOfWork };
/** Adding a member's: the accounts besides (only its function is given them). */
export type ParcoursMemberUseCaseDeps = ParcoursUseCaseDeps & Pick<ParcoursMemberDeps, 'accounts'>;
type ParcoursContext<I, D = ParcoursUseCaseDeps> = UseCaseContext<I, D, Actor>;

/** A parcours as a member reads it. */
export type ParcoursView = ParcoursRecord & {
  referent: Member;
  meetings: Meeting[];
  journal: JournalEntry[];
  comments: PersonComment[];
  you: { memberId: string; isReferent: boolean };
};

async function load(deps: ParcoursDeps, id: string): Promise<ParcoursRecord> {
  const record = await deps.repository.getParcours(id);
  if (!record) throw parcoursErrors.error('not-found');
  return record;
}

function memberAdded(p: ParcoursRecord, m: Member, now: Date) {
  return {
    parcoursId: p.id,
    personId: p.personId,
    memberId: m.id,
    ...(m.userId ? { userId: m.userId } : {}),
    organisationId: m.organisationId,
    role: m.role,
    at: now.toISOString(),
  };
}

/** Every change of a parcours is a change of the person's data: audited with the route that made it. */
function auditChange(
  ctx: Pick<WriteContext, 'uow'>,
  actor: Actor,
  p: ParcoursRecord,
  route: string,
  now: Date,
  action: 'create' | 'update' = 'update',
) {
  audit(ctx.uow, actor, { personId: p.personId, action, route, purpose: 'accompagnement' }, now);
}

/**
 * Open a parcours.
 * Primary course: a social worker the person chose as référent records the person's agreement
 * (référent chosen, sharing among members accepted, date, how) → the parcours opens with the
 * référent as its first member → `ParcoursOpened` and the référent's `ParcoursMemberAdded` are
 * published with it. Without both agreements: 422 and nothing is written.
 */
export const OpenParcours = defineUseCase({
  name: 'parcours.openParcours',
  input: OpenParcoursSchema,
  action: 'parcours.open',
  emits: [ParcoursOpened, ParcoursMemberAdded],
  async run({ input, actor, uow, deps, now, emit }: ParcoursContext<OpenParcoursInput>): Promise<ParcoursView> {
    const { repository, newId } = deps;
    await requireFullReader(deps, input.personId, actor);
    const territory = input.territory ? await repository.getTerritory(input.territory) : undefined;
    const record = rules.openParcours(
      {
        id: newId(),
        referentMemberId: newId(),
        personId: input.personId,
        referentUserId: input.referentUserId,
        agreement: input.agreement,
        territoryId: input.territory,
        territoryKnown: territory !== undefined,
        referentRole: input.referentRole,
        now,
      },
      actor,
    );
    const referent = rules.referentOf(record);
    repository.saveParcours(uow, record);
    emit(ParcoursOpened, {
      parcoursId: record.id,
      personId: record.personId,
      referentUserId: actor.id,
      referentOrganisationId: referent.organisationId,
      ...(record.territoryId ? { territoryId: record.territoryId } : {}),
      openedAt: record.openedAt,
    });
    emit(ParcoursMemberAdded, memberAdded(record, referent, now));
    auditChange({ uow }, actor, record, 'POST /api/parcours', now, 'create');
    return viewOf(record, [], [], [], referent);
  },
});

export function makeOpenParcours(deps: ParcoursUseCaseDeps) {
  const useCase = OpenParcours(deps);
  return {
    execute: (input: OpenParcoursInput, actor: Actor, ctx: WriteContext): Promise<ParcoursView> => useCase.execute(input, actor, ctx),
  };
}

/**
 * No one opens a parcours as a key to a file (policy `parcours.open`): only for a person intake
 * announced, whom the opener reads in full — recorded by her organisation, sharing consent, or
 * already a member of one of the person's open parcours.
 */
async function requireFullReader(deps: ParcoursDeps, personId: string, actor: Actor): Promise<void> {
  const person = await deps.repository.getPersonFacts(personId);
  if (!person) {
    throw parcoursErrors.error('person.unknown', { errors: [{ path: 'body.personId', message: 'Personne inconnue' }] });
  }
  const others = await Promise.all((await deps.repository.parcoursOfPerson(personId)).map((id) => deps.repository.getParcours(id)));
  const member = others.some((p) => p && p.status !== 'closed' && rules.membershipOf(p, actor) !== undefined);
  authorize(
    'parcours.open',
    actor,
    {
      recordedByOwnOrganisation: actor.organisationId !== null && person.recordedByOrganisationId === actor.organisationId,
      sharingConsent: person.networkSharing,
      parcoursMember: member,
    },
    parcoursErrors.error('open-forbidden'),
  );
}

/**
 * A member named by user id is a real account of the organisation given for them, in a role that
 * works with persons: the référent cannot add a colleague « as » another organisation.
 */
async function requireRealAccount(deps: ParcoursMemberDeps, input: AddMemberInput): Promise<void> {
  if (!input.userId) return;
  const account = await deps.accounts.get(input.userId);
  if (!account) {
    throw parcoursErrors.error('member.refused', { errors: [{ path: 'body.userId', message: 'Aucun compte Relais ne correspond' }] });
  }
  const errors: FieldError[] = [];
  if (account.organisationId !== input.organisationId) {
    errors.push({ path: 'body.organisationId', message: 'Ce compte appartient à une autre structure' });
  }
  if (!account.roles.some((r) => (rules.MEMBER_ROLES as readonly string[]).includes(r))) {
    errors.push({ path: 'body.userId', message: 'Ce compte ne travaille pas avec les personnes (coordination, administration)' });
  }
  if (errors.length) throw parcoursErrors.error('member.refused', { errors });
}

function viewOf(p: ParcoursRecord, meetings: Meeting[], journal: JournalEntry[], comments: PersonComment[], reader: Member): ParcoursView {
  return {
    ...p,
    referent: rules.referentOf(p),
    meetings,
    journal: rules.visibleJournal(p, journal, reader),
    comments,
    you: { memberId: reader.id, isReferent: reader.id === p.referentMemberId },
  };
}

/**
 * Read a parcours.
 * Primary course: a member opens it → the plan, meetings, members and the journal come back
 * (entries for the référent only, to the référent only); the read is audited. Anyone who is not
 * an active member — the coordinator too — gets 403. A closed parcours stays readable with its
 * assessment.
 */
export function makeGetParcours(deps: ParcoursDeps) {
  const { repository, clock } = deps;
  return {
    async execute(id: string, actor: Actor, ctx: WriteContext): Promise<ParcoursView> {
      const found = await repository.getParcoursWithItems(id);
      if (!found) throw parcoursErrors.error('not-found');
      const reader = rules.requireMember(found.record, actor);
      audit(
        ctx.uow,
        actor,
        { personId: found.record.personId, action: 'read', route: 'GET /api/parcours/{id}', purpose: 'accompagnement' },
        clock.now(),
      );
      return viewOf(found.record, found.meetings, found.journal, found.comments, reader);
    },
  };
}

/** "Mes parcours": those the caller is an active member of, newest first. */
export function makeListMyParcours(deps: ParcoursDeps) {
  const { repository, clock } = deps;
  return {
    async execute(query: { status?: ParcoursStatus; limit: number; cursor?: string }, actor: Actor): Promise<Page<ParcoursSummary>> {
      const page = await repository.listOfMember(actor.id, query.status, query.limit, query.cursor);
      const today = rules.parisDate(clock.now());
      // The index follows the records in the same transaction; the record decides anyway.
      const items = page.items.filter((p) => rules.membershipOf(p, actor)).map((p) => rules.summaryOf(p, today));
      return { items, nextCursor: page.nextCursor };
    },
  };
}

type Emit = UseCaseContext<unknown, ParcoursUseCaseDeps, Actor>['emit'];

/**
 * A change of the parcours record by the caller, as a use case: load, apply the rule, save with
 * its version (a concurrent change is a 409), announce, audit — one transaction.
 */
function defineChange<S extends z.ZodType<{ id: string }>, R, D extends ParcoursUseCaseDeps = ParcoursUseCaseDeps>(spec: {
  name: string;
  route: string;
  input: S;
  action: ActionId;
  emits?: UseCaseSpec<S, D, R, 'required'>['emits'];
  /** Checks before the change (after the input and the role gate). */
  before?: (p: ParcoursRecord, input: z.output<S>, actor: Actor, deps: D) => Promise<void>;
  apply: (p: ParcoursRecord, input: z.output<S>, actor: Actor, now: Date, deps: D, emit: Emit) => { next: ParcoursRecord; result: R };
}) {
  return defineUseCase({
    name: spec.name,
    input: spec.input,
    action: spec.action,
    emits: spec.emits,
    async run({ input, actor, uow, deps, now, emit }: ParcoursContext<z.output<S>, D>): Promise<R> {
      const p = await load(deps, input.id);
      await spec.before?.(p, input, actor, deps);
      const { next, result } = spec.apply(p, input, actor, now, deps, emit as Emit);
      deps.repository.saveParcours(uow, next, p);
      auditChange({ uow }, actor, p, spec.route, now);
      return result;
    },
  });
}

const withId = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ id: IdSchema, ...shape });

export const AddMember = defineChange({
  name: 'parcours.addMember',
  route: 'POST /api/parcours/{id}/members',
  input: withId({ member: AddMemberSchema }),
  action: 'parcours.manage',
  emits: [ParcoursMemberAdded],
  // The référent's right first (403), then the account (422): a stranger learns nothing of accounts.
  async before(p, input, actor, deps: ParcoursMemberUseCaseDeps) {
    rules.requireReferent(p, actor);
    await requireRealAccount(deps, input.member);
  },
  apply(p, input, actor, now, deps, emit) {
    const { next, member } = rules.addMember(p, input.member, actor, deps.newId(), now);
    emit(ParcoursMemberAdded, memberAdded(next, member, now));
    return { next, result: member };
  },
});

export function makeAddMember(deps: ParcoursMemberUseCaseDeps) {
  const useCase = AddMember(deps);
  return { execute: (id: string, actor: Actor, ctx: WriteContext, member: AddMemberInput) => useCase.execute({ id, member }, actor, ctx) };
}

export const RemoveMember = defineChange({
  name: 'parcours.removeMember',
  route: 'POST /api/parcours/{id}/members/{memberId}/remove',
  input: withId({ memberId: IdSchema, reason: RemoveMemberSchema.shape.reason }),
  action: 'parcours.manage',
  emits: [ParcoursMemberRemoved],
  apply(p, input, actor, now, _deps, emit) {
    const { next, member } = rules.removeMember(p, input.memberId, actor, now, input.reason);
    emit(ParcoursMemberRemoved, {
      parcoursId: p.id,
      personId: p.personId,
      memberId: member.id,
      ...(member.userId ? { userId: member.userId } : {}),
      organisationId: member.organisationId,
      at: now.toISOString(),
    });
    return { next, result: member };
  },
});

export function makeRemoveMember(deps: ParcoursUseCaseDeps) {
  const useCase = RemoveMember(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, memberId: string, reason?: string) =>
      useCase.execute({ id, memberId, ...(reason === undefined ? {} : { reason }) }, actor, ctx),
  };
}

export const ChangeReferent = defineChange({
  name: 'parcours.changeReferent',
  route: 'POST /api/parcours/{id}/referent',
  input: withId({ change: ChangeReferentSchema }),
  action: 'parcours.takeOver',
  emits: [ParcoursReferentChanged],
  apply(p, input, actor, now, _deps, emit) {
    const { next, previous, referent } = rules.changeReferent(p, input.change, actor, now);
    emit(ParcoursReferentChanged, {
      parcoursId: p.id,
      personId: p.personId,
      previousReferentUserId: previous.userId ?? '',
      referentUserId: actor.id,
      referentOrganisationId: referent.organisationId,
      at: now.toISOString(),
    });
    return { next, result: { referent, previousReferent: previous, version: next.version } };
  },
});

export function makeChangeReferent(deps: ParcoursUseCaseDeps) {
  const useCase = ChangeReferent(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, change: ChangeReferentInput) => useCase.execute({ id, change }, actor, ctx),
  };
}

export const AddGoal = defineChange({
  name: 'parcours.addGoal',
  route: 'POST /api/parcours/{id}/goals',
  input: withId({ goal: AddGoalSchema }),
  action: 'parcours.contribute',
  apply(p, input, actor, now, deps) {
    const { next, goal } = rules.addGoal(p, input.goal, actor, deps.newId, now);
    return { next, result: goal };
  },
});

export function makeAddGoal(deps: ParcoursUseCaseDeps) {
  const useCase = AddGoal(deps);
  return { execute: (id: string, actor: Actor, ctx: WriteContext, goal: AddGoalInput) => useCase.execute({ id, goal }, actor, ctx) };
}

export const AddAction = defineChange({
  name: 'parcours.addAction',
  route: 'POST /api/parcours/{id}/goals/{goalId}/actions',
  input: withId({ goalId: IdSchema, action: NewActionSchema }),
  action: 'parcours.contribute',
  apply(p, input, actor, now, deps) {
    const { next, action } = rules.addAction(p, input.goalId, input.action, actor, deps.newId(), now);
    return { next, result: action };
  },
});

export function makeAddAction(deps: ParcoursUseCaseDeps) {
  const useCase = AddAction(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, goalId: string, action: NewActionInput) =>
      useCase.execute({ id, goalId, action }, actor, ctx),
  };
}

export const UpdateAction = defineChange({
  name: 'parcours.updateAction',
  route: 'PATCH /api/parcours/{id}/goals/{goalId}/actions/{actionId}',
  input: withId({ goalId: IdSchema, actionId: IdSchema, patch: UpdateActionSchema }),
  action: 'parcours.contribute',
  apply(p, input, actor, now) {
    const { next, action } = rules.updateAction(p, input.goalId, input.actionId, input.patch, actor, now);
    return { next, result: action };
  },
});

export function makeUpdateAction(deps: ParcoursUseCaseDeps) {
  const useCase = UpdateAction(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, goalId: string, actionId: string, patch: UpdateActionInput) =>
      useCase.execute({ id, goalId, actionId, patch }, actor, ctx),
  };
}

export const SuspendParcours = defineChange({
  name: 'parcours.suspendParcours',
  route: 'POST /api/parcours/{id}/suspend',
  input: withId(SuspendSchema.shape),
  action: 'parcours.manage',
  apply(p, input, actor, now) {
    const next = rules.suspend(p, input.reason, actor, now);
    return { next, result: { id: next.id, status: next.status, version: next.version } };
  },
});

export function makeSuspendParcours(deps: ParcoursUseCaseDeps) {
  const useCase = SuspendParcours(deps);
  return { execute: (id: string, actor: Actor, ctx: WriteContext, reason: string) => useCase.execute({ id, reason }, actor, ctx) };
}

export const ResumeParcours = defineChange({
  name: 'parcours.resumeParcours',
  route: 'POST /api/parcours/{id}/resume',
  input: withId(ResumeSchema.shape),
  action: 'parcours.manage',
  apply(p, input, actor, now) {
    const next = rules.resume(p, actor, now, input.comment);
    return { next, result: { id: next.id, status: next.status, version: next.version } };
  },
});

export function makeResumeParcours(deps: ParcoursUseCaseDeps) {
  const useCase = ResumeParcours(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, comment?: string) =>
      useCase.execute({ id, ...(comment === undefined ? {} : { comment }) }, actor, ctx),
  };
}

/**
 * Close a parcours.
 * Primary course: the référent records the end-of-accompaniment assessment — an outcome per
 * goal, the person's own view, the reason → the parcours is closed and kept readable →
 * `ParcoursClosed` carries the counts of outcomes (no text). A goal without an outcome: 422.
 */
export const CloseParcours = defineChange({
  name: 'parcours.closeParcours',
  route: 'POST /api/parcours/{id}/close',
  input: withId({ closing: CloseParcoursSchema }),
  action: 'parcours.manage',
  emits: [ParcoursClosed],
  apply(p, input, actor, now, _deps, emit) {
    const { next, outcomes } = rules.close(p, input.closing, actor, now);
    const referent = rules.referentOf(p);
    emit(ParcoursClosed, {
      parcoursId: p.id,
      personId: p.personId,
      referentOrganisationId: referent.organisationId,
      ...(p.territoryId ? { territoryId: p.territoryId } : {}),
      openedAt: p.openedAt,
      closedAt: now.toISOString(),
      withAssessment: true,
      outcomes,
    });
    return { next, result: { id: next.id, status: next.status, closing: next.closing, version: next.version } };
  },
});

export function makeCloseParcours(deps: ParcoursUseCaseDeps) {
  const useCase = CloseParcours(deps);
  return {
    execute: (id: string, actor: Actor, ctx: WriteContext, closing: CloseParcoursInput) => useCase.execute({ id, closing }, actor, ctx),
  };
}

/**
 * Record a meeting (instance de concertation).
 * Primary course: a member records the date, who took part (members), whether the person was
 * there, the notes and the decisions → decisions with a goal, an owner and a due date become
 * actions of the plan in the same transaction → `MeetingHeld` (counts only).
 */
export function makeRecordMeeting(deps: ParcoursDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(id: string, input: RecordMeetingInput, actor: Actor, ctx: WriteContext): Promise<Meeting> {
      const p = await load(deps, id);
      const now = clock.now();
      const { next, meeting } = rules.recordMeeting(p, input, actor, newId, now);
      if (next) repository.saveParcours(ctx.uow, next, p);
      repository.saveMeeting(ctx.uow, p.id, meeting);
      repository.publish(
        ctx.uow,
        MeetingHeld.create(
          {
            parcoursId: p.id,
            meetingId: meeting.id,
            date: meeting.date,
            personPresent: meeting.personPresent,
            participantCount: meeting.participants.length,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      auditChange(ctx, actor, p, 'POST /api/parcours/{id}/meetings', now);
      return meeting;
    },
  };
}

/** A member writes in the journal, for all members or for the référent only. */
export function makeAddJournalEntry(deps: ParcoursDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(id: string, input: AddJournalEntryInput, actor: Actor, ctx: WriteContext): Promise<JournalEntry> {
      const p = await load(deps, id);
      const now = clock.now();
      const entry = rules.addJournalEntry(p, input, actor, newId(), now);
      repository.saveJournalEntry(ctx.uow, p.id, entry);
      auditChange(ctx, actor, p, 'POST /api/parcours/{id}/journal', now);
      return entry;
    },
  };
}
