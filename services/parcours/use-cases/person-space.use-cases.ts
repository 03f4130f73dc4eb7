import type { Actor } from '../../../shared/auth/actor';
import { audit, auditReads } from '../../../shared/auth/audit';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { kernelErrors } from '../../../shared/errors/catalogue';
import type { ParcoursDeps } from '../domain/parcours.ports';
import { requireMember } from '../domain/parcours.rules';
import type { Action, ParcoursRecord } from '../domain/parcours.schema';
import { answerPersonRequest, markDoneByPerson, myParcoursView, newPersonRequest, requireOwnParcours } from '../domain/person-space.rules';
import type {
  AnswerPersonRequestInput,
  PersonRequest,
  PersonRequestKind,
  PersonViewInput,
  ProposeGoalInput,
  ReferentRequestInput,
  ReferentRequestRow,
} from '../domain/person-space.schema';
import { parcoursErrors } from '../errors';
import type { PersonRequestsStore } from '../store/person-requests.store';

interface Ctx {
  uow: UnitOfWork;
}

/** Her person id from her token (role `personne`); a token without one opens nothing. */
function personIdOf(actor: Actor): string {
  if (!actor.personId) throw kernelErrors.error('forbidden');
  return actor.personId;
}

/** What she does is a change of her own data, asked by her: audited as such (her own lines never show in her list of reads). */
function auditHers(uow: UnitOfWork, actor: Actor, p: ParcoursRecord, route: string, now: Date) {
  audit(uow, actor, { personId: p.personId, action: 'update', route, purpose: 'demande-de-la-personne' }, now);
}

/**
 * The person acts on her own parcours in « Mon espace » (issue 15, point 3; ADR 0038).
 * Primary courses: she lists her parcours (plan with who carries out each action, her requests
 * and their answers); she proposes a goal, gives her view before a meeting or asks for another
 * référent → a request in the parcours that the members read and the référent answers; she
 * marks done an action she carries out herself. Another person's parcours → 404, whether it
 * exists or not; a closed parcours → 409; nothing partial.
 */
export function makePersonSpace(deps: ParcoursDeps, store: PersonRequestsStore) {
  const { repository, clock, newId } = deps;

  async function own(id: string, actor: Actor): Promise<ParcoursRecord> {
    return requireOwnParcours(await repository.getParcours(id), personIdOf(actor));
  }

  async function request(
    id: string,
    kind: PersonRequestKind,
    fields: { title?: string; text?: string; meetingDate?: string },
    route: string,
    actor: Actor,
    ctx: Ctx,
  ): Promise<PersonRequest> {
    const p = await own(id, actor);
    const now = clock.now();
    const existing = kind === 'referent' ? await store.listOf(p.id) : [];
    const created = newPersonRequest(p, existing, kind, fields, newId(), now);
    store.save(ctx.uow, p, created);
    auditHers(ctx.uow, actor, p, route, now);
    return created;
  }

  return {
    async myParcours(actor: Actor) {
      const personId = personIdOf(actor);
      const ids = await repository.parcoursOfPerson(personId);
      const records = (await Promise.all(ids.map((id) => repository.getParcours(id)))).filter(
        (p): p is ParcoursRecord => p !== undefined && p.personId === personId,
      );
      records.sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1));
      const items = await Promise.all(records.map(async (p) => myParcoursView(p, await store.listOf(p.id))));
      return { items };
    },

    proposeGoal: (id: string, input: ProposeGoalInput, actor: Actor, ctx: Ctx) =>
      request(id, 'goal', { title: input.title, text: input.details }, 'POST /api/me/person/parcours/{id}/goal-proposals', actor, ctx),

    addView: (id: string, input: PersonViewInput, actor: Actor, ctx: Ctx) =>
      request(id, 'view', { text: input.text, meetingDate: input.meetingDate }, 'POST /api/me/person/parcours/{id}/views', actor, ctx),

    askReferent: (id: string, input: ReferentRequestInput, actor: Actor, ctx: Ctx) =>
      request(id, 'referent', { text: input.reason }, 'POST /api/me/person/parcours/{id}/referent-requests', actor, ctx),

    async markDone(id: string, goalId: string, actionId: string, actor: Actor, ctx: Ctx): Promise<Action> {
      const p = await own(id, actor);
      const now = clock.now();
      const { next, action } = markDoneByPerson(p, goalId, actionId, actor, now);
      if (next) {
        repository.saveParcours(ctx.uow, next, p);
        auditHers(ctx.uow, actor, p, 'POST /api/me/person/parcours/{id}/goals/{goalId}/actions/{actionId}/done', now);
      }
      return action;
    },
  };
}

/**
 * The professionals' side: the members read her requests on the parcours page (a read of her
 * data, audited); the référent answers them — a proposed goal accepted becomes a goal.
 */
export function makePersonRequests(deps: ParcoursDeps, store: PersonRequestsStore) {
  const { repository, clock, newId } = deps;
  return {
    async list(id: string, actor: Actor, ctx: Ctx): Promise<{ items: PersonRequest[] }> {
      const p = await repository.getParcours(id);
      if (!p) throw parcoursErrors.error('not-found');
      requireMember(p, actor);
      audit(
        ctx.uow,
        actor,
        { personId: p.personId, action: 'read', route: 'GET /api/parcours/{id}/person-requests', purpose: 'accompagnement' },
        clock.now(),
      );
      return { items: await store.listOf(p.id) };
    },

    async answer(id: string, requestId: string, input: AnswerPersonRequestInput, actor: Actor, ctx: Ctx): Promise<PersonRequest> {
      const p = await repository.getParcours(id);
      if (!p) throw parcoursErrors.error('not-found');
      requireMember(p, actor);
      const previous = await store.get(p.id, requestId);
      if (!previous) throw parcoursErrors.error('person-request.not-found');
      const now = clock.now();
      const { request, next } = answerPersonRequest(p, previous, input, actor, newId, now);
      store.save(ctx.uow, p, request, previous);
      if (next) repository.saveParcours(ctx.uow, next, p);
      audit(
        ctx.uow,
        actor,
        {
          personId: p.personId,
          action: 'update',
          route: 'POST /api/parcours/{id}/person-requests/{requestId}/answer',
          purpose: 'accompagnement',
        },
        now,
      );
      return request;
    },

    /**
     * The coordinator's list of requests for another référent (the change itself stays the
     * référent's business, `parcours.changeReferent`). It names persons by id and quotes their
     * words: a control reading of each, audited as such.
     */
    async referentRequests(
      query: { status?: 'pending' | 'answered'; limit: number; cursor?: string },
      actor: Actor,
    ): Promise<Page<ReferentRequestRow>> {
      const page = await store.referentRequestsPage(query.status, query.limit, query.cursor);
      if (page.items.length) {
        await auditReads(
          actor,
          page.items.map((r) => ({
            personId: r.personId,
            action: 'read' as const,
            route: 'GET /api/referent-requests',
            purpose: 'controle',
          })),
        );
      }
      return page;
    },
  };
}
