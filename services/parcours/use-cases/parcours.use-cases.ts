import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { FieldError } from '../../../shared/errors/errors';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { ParcoursDeps } from '../domain/parcours.ports';
import * as rules from '../domain/parcours.rules';
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

/** A parcours as a member reads it. */
export type ParcoursView = ParcoursRecord & {
  referent: Member;
  meetings: Meeting[];
  journal: JournalEntry[];
  you: { memberId: string; isReferent: boolean };
};

async function load(deps: ParcoursDeps, id: string): Promise<ParcoursRecord> {
  const record = await deps.repository.getParcours(id);
  if (!record) throw parcoursErrors.error('not-found');
  return record;
}

function memberAdded(p: ParcoursRecord, m: Member, now: Date, ctx: WriteContext) {
  return ParcoursMemberAdded.create(
    {
      parcoursId: p.id,
      personId: p.personId,
      memberId: m.id,
      ...(m.userId ? { userId: m.userId } : {}),
      organisationId: m.organisationId,
      role: m.role,
      at: now.toISOString(),
    },
    { correlationId: ctx.correlationId, now },
  );
}

/** Every change of a parcours is a change of the person's data: audited with the route that made it. */
function auditChange(ctx: WriteContext, actor: Actor, p: ParcoursRecord, route: string, now: Date, action: 'create' | 'update' = 'update') {
  audit(ctx.uow, actor, { personId: p.personId, action, route, purpose: 'accompagnement' }, now);
}

/**
 * Open a parcours.
 * Primary course: a social worker the person chose as référent records the person's agreement
 * (référent chosen, sharing among members accepted, date, how) → the parcours opens with the
 * référent as its first member → `ParcoursOpened` and the référent's `ParcoursMemberAdded` are
 * published with it. Without both agreements: 422 and nothing is written.
 */
export function makeOpenParcours(deps: ParcoursDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(input: OpenParcoursInput, actor: Actor, ctx: WriteContext): Promise<ParcoursView> {
      const now = clock.now();
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
      repository.saveParcours(ctx.uow, record);
      repository.publish(
        ctx.uow,
        ParcoursOpened.create(
          {
            parcoursId: record.id,
            personId: record.personId,
            referentUserId: actor.id,
            referentOrganisationId: referent.organisationId,
            ...(record.territoryId ? { territoryId: record.territoryId } : {}),
            openedAt: record.openedAt,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      repository.publish(ctx.uow, memberAdded(record, referent, now, ctx));
      auditChange(ctx, actor, record, 'POST /api/parcours', now, 'create');
      return viewOf(record, [], [], referent);
    },
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
async function requireRealAccount(deps: ParcoursDeps, input: AddMemberInput): Promise<void> {
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

function viewOf(p: ParcoursRecord, meetings: Meeting[], journal: JournalEntry[], reader: Member): ParcoursView {
  return {
    ...p,
    referent: rules.referentOf(p),
    meetings,
    journal: rules.visibleJournal(p, journal, reader),
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
      return viewOf(found.record, found.meetings, found.journal, reader);
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

/** A change of the parcours record by the caller: load, apply the rule, save with its version, audit. */
function makeChange<Args extends unknown[], R>(
  deps: ParcoursDeps,
  route: string,
  apply: (
    p: ParcoursRecord,
    actor: Actor,
    now: Date,
    ...args: Args
  ) => { next: ParcoursRecord; result: R; events?: (ctx: WriteContext) => OutgoingEvent[] },
) {
  return {
    async execute(id: string, actor: Actor, ctx: WriteContext, ...args: Args): Promise<R> {
      const p = await load(deps, id);
      const now = deps.clock.now();
      const { next, result, events } = apply(p, actor, now, ...args);
      deps.repository.saveParcours(ctx.uow, next, p);
      for (const event of events?.(ctx) ?? []) deps.repository.publish(ctx.uow, event);
      auditChange(ctx, actor, p, route, now);
      return result;
    },
  };
}

export function makeAddMember(deps: ParcoursDeps) {
  const change = makeChange(deps, 'POST /api/parcours/{id}/members', (p, actor, now, input: AddMemberInput) => {
    const { next, member } = rules.addMember(p, input, actor, deps.newId(), now);
    return { next, result: member, events: (ctx) => [memberAdded(next, member, now, ctx)] };
  });
  return {
    async execute(id: string, actor: Actor, ctx: WriteContext, input: AddMemberInput) {
      // The référent's right first (403), then the account (422): a stranger learns nothing of accounts.
      rules.requireReferent(await load(deps, id), actor);
      await requireRealAccount(deps, input);
      return change.execute(id, actor, ctx, input);
    },
  };
}

export function makeRemoveMember(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/members/{memberId}/remove', (p, actor, now, memberId: string, reason?: string) => {
    const { next, member } = rules.removeMember(p, memberId, actor, now, reason);
    return {
      next,
      result: member,
      events: (ctx) => [
        ParcoursMemberRemoved.create(
          {
            parcoursId: p.id,
            personId: p.personId,
            memberId: member.id,
            ...(member.userId ? { userId: member.userId } : {}),
            organisationId: member.organisationId,
            at: now.toISOString(),
          },
          { correlationId: ctx.correlationId, now },
        ),
      ],
    };
  });
}

export function makeChangeReferent(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/referent', (p, actor, now, input: ChangeReferentInput) => {
    const { next, previous, referent } = rules.changeReferent(p, input, actor, now);
    return {
      next,
      result: { referent, previousReferent: previous, version: next.version },
      events: (ctx) => [
        ParcoursReferentChanged.create(
          {
            parcoursId: p.id,
            personId: p.personId,
            previousReferentUserId: previous.userId ?? '',
            referentUserId: actor.id,
            referentOrganisationId: referent.organisationId,
            at: now.toISOString(),
          },
          { correlationId: ctx.correlationId, now },
        ),
      ],
    };
  });
}

export function makeAddGoal(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/goals', (p, actor, now, input: AddGoalInput) => {
    const { next, goal } = rules.addGoal(p, input, actor, deps.newId, now);
    return { next, result: goal };
  });
}

export function makeAddAction(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/goals/{goalId}/actions', (p, actor, now, goalId: string, input: NewActionInput) => {
    const { next, action } = rules.addAction(p, goalId, input, actor, deps.newId(), now);
    return { next, result: action };
  });
}

export function makeUpdateAction(deps: ParcoursDeps) {
  return makeChange(
    deps,
    'PATCH /api/parcours/{id}/goals/{goalId}/actions/{actionId}',
    (p, actor, now, goalId: string, actionId: string, patch: UpdateActionInput) => {
      const { next, action } = rules.updateAction(p, goalId, actionId, patch, actor, now);
      return { next, result: action };
    },
  );
}

export function makeSuspendParcours(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/suspend', (p, actor, now, reason: string) => {
    const next = rules.suspend(p, reason, actor, now);
    return { next, result: { id: next.id, status: next.status, version: next.version } };
  });
}

export function makeResumeParcours(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/resume', (p, actor, now, comment?: string) => {
    const next = rules.resume(p, actor, now, comment);
    return { next, result: { id: next.id, status: next.status, version: next.version } };
  });
}

/**
 * Close a parcours.
 * Primary course: the référent records the end-of-accompaniment assessment — an outcome per
 * goal, the person's own view, the reason → the parcours is closed and kept readable →
 * `ParcoursClosed` carries the counts of outcomes (no text). A goal without an outcome: 422.
 */
export function makeCloseParcours(deps: ParcoursDeps) {
  return makeChange(deps, 'POST /api/parcours/{id}/close', (p, actor, now, input: CloseParcoursInput) => {
    const { next, outcomes } = rules.close(p, input, actor, now);
    const referent = rules.referentOf(p);
    return {
      next,
      result: { id: next.id, status: next.status, closing: next.closing, version: next.version },
      events: (ctx) => [
        ParcoursClosed.create(
          {
            parcoursId: p.id,
            personId: p.personId,
            referentOrganisationId: referent.organisationId,
            ...(p.territoryId ? { territoryId: p.territoryId } : {}),
            openedAt: p.openedAt,
            closedAt: now.toISOString(),
            withAssessment: true,
            outcomes,
          },
          { correlationId: ctx.correlationId, now },
        ),
      ],
    };
  });
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
