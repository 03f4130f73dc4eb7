import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import type { FieldError } from '../../../shared/errors/errors';
import type { PersonDataPurpose } from '../../../shared/person-data/contract';
import type { ParcoursDeps } from '../domain/parcours.ports';
import * as rules from '../domain/parcours.rules';
import type { AddPersonCommentInput, JournalEntry, Meeting, ParcoursRecord, PersonComment } from '../domain/parcours.schema';
import { parcoursErrors } from '../errors';
import type { WriteContext } from './parcours.use-cases';

/**
 * The person comments on her plan (« Mon espace », issue 15).
 * Primary course: she writes a few words on her plan, or on one goal or action of it → the
 * comment is kept on her parcours, the référent and the members read it on the parcours page;
 * the change is audited. Alternatives: a parcours that is not hers (or none) → 404, never
 * telling whether it exists; a goal or an action not in her plan → 400 naming the field; a
 * closed parcours → 409.
 */
export function makeAddPersonComment(deps: ParcoursDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(parcoursId: string, input: AddPersonCommentInput, actor: Actor, ctx: WriteContext): Promise<PersonComment> {
      const p = await repository.getParcours(parcoursId);
      if (!p || !actor.personId || p.personId !== actor.personId) throw parcoursErrors.error('not-found');
      const errors: FieldError[] = [];
      const goal = input.goalId ? p.goals.find((g) => g.id === input.goalId) : undefined;
      if (input.goalId && !goal) errors.push({ path: 'body.goalId', message: 'Cet objectif n’est pas dans votre plan' });
      if (goal && input.actionId && !goal.actions.some((a) => a.id === input.actionId)) {
        errors.push({ path: 'body.actionId', message: 'Cette action n’est pas dans cet objectif' });
      }
      if (errors.length) throw parcoursErrors.error('comment.refused', { errors });
      rules.requireNotClosed(p);
      const now = clock.now();
      const comment: PersonComment = {
        id: newId(),
        ...(input.goalId ? { goalId: input.goalId } : {}),
        ...(input.actionId ? { actionId: input.actionId } : {}),
        text: input.text,
        author: 'personne',
        createdAt: now.toISOString(),
      };
      repository.saveComment(ctx.uow, p.id, comment);
      audit(
        ctx.uow,
        actor,
        { personId: p.personId, action: 'update', route: 'POST /api/me/person/parcours/{id}/comments', purpose: 'la-personne-elle-meme' },
        now,
      );
      return comment;
    },
  };
}

/**
 * Show a journal note to the person, or hide it again (issue 15 point 6).
 * Primary course: the author of the note or the référent ticks « visible par la personne » →
 * the entry is rewritten, the change audited. Alternatives: not a member → 403; another member
 * than the author or the référent → 403; unknown note → 404; a note for the référent only → 422.
 */
export function makeSetJournalVisibility(deps: ParcoursDeps) {
  const { repository, clock } = deps;
  return {
    async execute(parcoursId: string, entryId: string, visibleToPerson: boolean, actor: Actor, ctx: WriteContext): Promise<JournalEntry> {
      const found = await repository.getParcoursWithItems(parcoursId);
      if (!found) throw parcoursErrors.error('not-found');
      const member = rules.requireMember(found.record, actor);
      const entry = rules.visibleJournal(found.record, found.journal, member).find((e) => e.id === entryId);
      if (!entry) throw parcoursErrors.error('note.not-found');
      if (entry.authorMemberId !== member.id && member.id !== found.record.referentMemberId) throw parcoursErrors.error('note.author-only');
      if (visibleToPerson && entry.visibility === 'referent') {
        throw parcoursErrors.error('note.visibility-refused', {
          errors: [{ path: 'body.visibleToPerson', message: 'Une note réservée au référent ne peut pas être montrée à la personne' }],
        });
      }
      if ((entry.visibleToPerson ?? false) === visibleToPerson) return entry;
      const next: JournalEntry = { ...entry, visibleToPerson };
      repository.replaceJournalEntry(ctx.uow, parcoursId, next);
      const now = clock.now();
      audit(
        ctx.uow,
        actor,
        {
          personId: found.record.personId,
          action: 'update',
          route: 'PATCH /api/parcours/{id}/journal/{entryId}',
          purpose: 'accompagnement',
        },
        now,
      );
      return next;
    },
  };
}

/** A parcours as the person reads it: the plan, the meetings' decisions, the journal entries shown to her, the assessment. */
function parcoursOfHer(p: ParcoursRecord, meetings: Meeting[], journal: JournalEntry[], comments: PersonComment[]) {
  const referent = rules.referentOf(p);
  const nameOf = (memberId: string) => p.members.find((m) => m.id === memberId)?.name ?? 'Un membre du parcours';
  const person = (m: { name: string; role: string; organisationId: string }) => ({
    name: m.name,
    role: m.role,
    organisationId: m.organisationId,
  });
  return {
    id: p.id,
    status: p.status,
    openedAt: p.openedAt,
    referent: person(referent),
    members: rules.activeMembers(p).map((m) => ({ ...person(m), since: m.since })),
    goals: p.goals.map((g) => ({
      id: g.id,
      title: g.title,
      actions: g.actions.map((a) => ({ id: a.id, label: a.label, owner: nameOf(a.ownerMemberId), dueDate: a.dueDate, status: a.status })),
    })),
    // The decisions are hers to see; the meeting's notes are the professionals' (ADR 0037).
    meetings: meetings.map((m) => ({ id: m.id, date: m.date, personPresent: m.personPresent, decisions: m.decisions.map((d) => d.label) })),
    journal: journal
      .filter((e) => e.visibleToPerson === true && e.visibility === 'all')
      .map((e) => ({ id: e.id, date: e.date, text: e.text, author: e.author.name })),
    comments,
    ...(p.closing
      ? {
          closing: {
            closedAt: p.closing.closedAt,
            reason: p.closing.reason,
            personView: p.closing.personView,
            goals: p.closing.goals,
          },
        }
      : {}),
  };
}

/**
 * What parcours holds about a person (ADR 0037): `view`, each of her parcours as she reads it;
 * `export`, the records, meetings, journal entries (all of them) and her comments, as stored.
 */
export function makeParcoursPersonData(deps: Pick<ParcoursDeps, 'repository'>) {
  return async (personId: string, purpose: PersonDataPurpose): Promise<Record<string, unknown[]>> => {
    const ids = await deps.repository.parcoursOfPerson(personId);
    const found = (await Promise.all(ids.map((id) => deps.repository.getParcoursWithItems(id)))).filter(
      (f): f is NonNullable<typeof f> => f !== undefined && f.record.personId === personId,
    );
    found.sort((a, b) => b.record.openedAt.localeCompare(a.record.openedAt));
    if (purpose === 'export') {
      return {
        parcours: found.map((f) => f.record),
        meetings: found.flatMap((f) => f.meetings.map((m) => ({ parcoursId: f.record.id, ...m }))),
        journal: found.flatMap((f) => f.journal.map((e) => ({ parcoursId: f.record.id, ...e }))),
        comments: found.flatMap((f) => f.comments.map((c) => ({ parcoursId: f.record.id, ...c }))),
      };
    }
    return { parcours: found.map((f) => parcoursOfHer(f.record, f.meetings, f.journal, f.comments)) };
  };
}
