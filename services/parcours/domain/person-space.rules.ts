/**
 * What the person does on her own parcours (ADR 0038), as pure rules: hers only (another
 * person's parcours is « not found »), never on a closed one, never beyond what is hers (an
 * action she carries out herself; her own requests). The référent answers her requests.
 */
import type { Actor } from '../../../shared/auth/actor';
import type { FieldError } from '../../../shared/errors/errors';
import { parcoursErrors } from '../errors';
import type { Action, Goal, ParcoursRecord } from './parcours.schema';
import { PERSON_OWNER } from './parcours.schema';
import { referentOf, requireNotClosed, requireReferent, who } from './parcours.rules';
import type { AnswerPersonRequestInput, PersonRequest, PersonRequestKind } from './person-space.schema';

/** Her parcours, or « not found » — the same answer whether it does not exist or is someone else's. */
export function requireOwnParcours(p: ParcoursRecord | undefined, personId: string): ParcoursRecord {
  if (!p || p.personId !== personId) throw parcoursErrors.error('not-found');
  return p;
}

/** She marks done an action she carries out herself; done already: nothing changes. */
export function markDoneByPerson(p: ParcoursRecord, goalId: string, actionId: string, actor: Actor, now: Date) {
  requireNotClosed(p);
  const goal = p.goals.find((g) => g.id === goalId);
  if (!goal) throw parcoursErrors.error('goal.not-found');
  const action = goal.actions.find((a) => a.id === actionId);
  if (!action) throw parcoursErrors.error('action.not-found');
  if (action.ownerMemberId !== PERSON_OWNER) throw parcoursErrors.error('action.not-hers');
  if (action.status === 'done') return { next: undefined, action };
  const at = now.toISOString();
  const updated: Action = { ...action, status: 'done', version: action.version + 1, updatedAt: at, updatedBy: personWho(actor) };
  const goals = p.goals.map((g) => (g.id === goal.id ? { ...g, actions: g.actions.map((a) => (a.id === actionId ? updated : a)) } : g));
  return { next: { ...p, goals, updatedAt: at, version: p.version + 1 } as ParcoursRecord, action: updated };
}

/** The person as the author of a change (her token's subject; no name is kept from it). */
export const personWho = (actor: Actor) => ({ userId: actor.id, name: 'La personne', organisationId: null });

/** A new request of hers; one pending request for another référent at a time. */
export function newPersonRequest(
  p: ParcoursRecord,
  existing: readonly PersonRequest[],
  kind: PersonRequestKind,
  fields: { title?: string; text?: string; meetingDate?: string },
  id: string,
  now: Date,
): PersonRequest {
  requireNotClosed(p);
  if (kind === 'referent' && existing.some((r) => r.kind === 'referent' && r.status === 'pending')) {
    throw parcoursErrors.error('referent-request.pending');
  }
  return {
    id,
    parcoursId: p.id,
    kind,
    status: kind === 'view' ? 'shared' : 'pending',
    at: now.toISOString(),
    ...(fields.title ? { title: fields.title } : {}),
    ...(fields.text ? { text: fields.text } : {}),
    ...(fields.meetingDate ? { meetingDate: fields.meetingDate } : {}),
    version: 1,
  };
}

/**
 * The référent answers a request: a proposed goal accepted becomes a goal of the plan (its
 * title, no action yet); otherwise an answer in words is needed. A request answered already → 409.
 */
export function answerPersonRequest(
  p: ParcoursRecord,
  request: PersonRequest,
  input: AnswerPersonRequestInput,
  actor: Actor,
  newId: () => string,
  now: Date,
): { request: PersonRequest; next?: ParcoursRecord; goal?: Goal } {
  requireReferent(p, actor);
  requireNotClosed(p);
  if (request.status !== 'pending' && request.status !== 'shared') throw parcoursErrors.error('person-request.already-answered');
  const errors: FieldError[] = [];
  if (input.accept && request.kind !== 'goal')
    errors.push({ path: 'body.accept', message: 'Seule une proposition d’objectif peut être acceptée' });
  if (!input.accept && !input.text) errors.push({ path: 'body.text', message: 'Réponse obligatoire' });
  if (errors.length) throw parcoursErrors.error('person-request.refused', { errors });
  const at = now.toISOString();
  const answer = { ...(input.text ? { text: input.text } : {}), at, by: who(actor) };
  if (input.accept) {
    const goal: Goal = { id: newId(), title: request.title ?? '', createdAt: at, createdBy: who(actor), actions: [] };
    return {
      request: { ...request, status: 'accepted', answer, goalId: goal.id, version: request.version + 1 },
      next: { ...p, goals: [...p.goals, goal], updatedAt: at, version: p.version + 1 },
      goal,
    };
  }
  return { request: { ...request, status: 'answered', answer, version: request.version + 1 } };
}

/** Her parcours as she acts on it: the référent, the plan with who carries out each action, her requests. */
export function myParcoursView(p: ParcoursRecord, requests: PersonRequest[]) {
  const referent = referentOf(p);
  const memberName = (id: string) => (id === PERSON_OWNER ? 'Vous' : (p.members.find((m) => m.id === id)?.name ?? 'Un professionnel'));
  return {
    id: p.id,
    status: p.status,
    referent: { name: referent.name, role: referent.role },
    goals: p.goals.map((g) => ({
      id: g.id,
      title: g.title,
      actions: g.actions.map((a) => ({
        id: a.id,
        label: a.label,
        dueDate: a.dueDate,
        status: a.status,
        mine: a.ownerMemberId === PERSON_OWNER,
        ownerName: memberName(a.ownerMemberId),
      })),
    })),
    requests,
  };
}
