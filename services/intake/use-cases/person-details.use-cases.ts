import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize } from '../../../shared/auth/policy';
import type { Page } from '../../../shared/dynamo/paging';
import { kernelErrors } from '../../../shared/errors/catalogue';
import {
  CONTACT_FIELDS,
  type ContactField,
  IDENTITY_FIELDS,
  type IdentityField,
  type IdentityRequest,
  type MyDetailsPatch,
} from '../domain/person-details.schema';
import type { Person } from '../domain/person.schema';
import { intakeErrors } from '../errors';
import { PersonCorrected } from '../events/intake.events';
import type { IdentityRequestsStore } from '../store/identity-requests.store';
import type { IntakeUseCaseDeps, WriteContext } from './context';
import type { CorrectPersonOutcome, makeCorrectPerson } from './persons.use-cases';

const MY_DETAILS_ROUTE = 'PATCH /api/me/person/details';
/** The reason kept with a correction she asked for (the correction's audit line carries it). */
export const PERSON_REQUEST_REASON = 'Demande de la personne depuis Mon espace';

function personIdOf(actor: Actor): string {
  if (!actor.personId) throw kernelErrors.error('forbidden');
  return actor.personId;
}

const detailsOf = (p: Person, identityRequest?: IdentityRequest) => ({
  lastName: p.lastName,
  firstName: p.firstName,
  ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  ...(p.communeCode ? { communeCode: p.communeCode } : {}),
  ...(p.phone ? { phone: p.phone } : {}),
  ...(p.email ? { email: p.email } : {}),
  ...(identityRequest ? { identityRequest } : {}),
});

/**
 * The person corrects her own details (issue 15, point 3; ADR 0038).
 * Primary course: she changes her phone, e-mail or commune → applied at once, audited as her
 * own request, `PersonCorrected` announced (field names only) like any correction; she changes
 * her names or birth date → a request the organisation that recorded her validates (its
 * professionals list it; validating runs the ordinary correction, duplicates check included).
 * Nothing changed → nothing written; a second identity request while one waits → 409.
 */
export function makeMyDetails(deps: Pick<IntakeUseCaseDeps, 'repository' | 'clock' | 'newId'>, store: IdentityRequestsStore) {
  const { repository, clock, newId } = deps;

  async function me(actor: Actor): Promise<Person> {
    const person = await repository.getPerson(personIdOf(actor));
    if (!person) throw intakeErrors.error('person.not-found');
    return person;
  }

  return {
    async get(actor: Actor) {
      const person = await me(actor);
      return detailsOf(person, await store.pendingOf(person.id));
    },

    async patch(input: MyDetailsPatch, actor: Actor, ctx: WriteContext) {
      const person = await me(actor);
      const now = clock.now();
      const at = now.toISOString();
      const applied: ContactField[] = CONTACT_FIELDS.filter((f) => input[f] !== undefined && (input[f] ?? undefined) !== person[f]);
      const requested: IdentityField[] = IDENTITY_FIELDS.filter((f) => input[f] !== undefined && input[f] !== person[f]);
      let saved = person;
      if (applied.length) {
        const next: Person = { ...person, version: person.version + 1, updatedAt: at };
        for (const f of applied) {
          const value = input[f];
          if (value === null || value === undefined) delete next[f];
          else next[f] = value;
        }
        repository.savePerson(ctx.uow, next, person.version);
        audit(ctx.uow, actor, { personId: person.id, action: 'update', route: MY_DETAILS_ROUTE, purpose: 'demande-de-la-personne' }, now);
        repository.publish(
          ctx.uow,
          PersonCorrected.create(
            { personId: person.id, fields: applied, version: next.version, at, byOrganisationId: null },
            { correlationId: ctx.correlationId, now },
          ),
        );
        saved = next;
      }
      let identityRequest = await store.pendingOf(person.id);
      if (requested.length) {
        if (identityRequest) throw intakeErrors.error('identity-request.pending');
        identityRequest = {
          id: newId(),
          personId: person.id,
          organisationId: person.createdBy.organisationId ?? '',
          status: 'pending',
          at,
          changes: Object.fromEntries(requested.map((f) => [f, input[f]])),
        };
        store.add(ctx.uow, identityRequest, now);
      }
      return { ...detailsOf(saved, identityRequest), applied, requested };
    },
  };
}

/**
 * A professional of the organisation that recorded her decides on an identity change she asked
 * for: the list of her organisation's pending requests; validating runs the ordinary correction
 * (`intake.correctPerson`: its rule, its duplicates check, its audit and event) and closes the
 * request in the same transaction; refusing says why, in words she reads.
 */
export function makeIdentityRequests(
  deps: Pick<IntakeUseCaseDeps, 'repository' | 'clock'>,
  store: IdentityRequestsStore,
  correctPerson: ReturnType<typeof makeCorrectPerson>,
) {
  const { repository, clock } = deps;

  async function load(requestId: string) {
    const request = await store.get(requestId);
    if (!request) throw intakeErrors.error('identity-request.not-found');
    const person = await repository.getPerson(request.personId);
    if (!person) throw intakeErrors.error('identity-request.not-found');
    return { request, person };
  }

  const decidedBy = (actor: Actor) => ({ userId: actor.id, name: actor.name });

  return {
    async list(query: { limit: number; cursor?: string }, actor: Actor): Promise<Page<IdentityRequest>> {
      if (!actor.organisationId) return { items: [], nextCursor: null };
      return store.pageOf(actor.organisationId, query.limit, query.cursor);
    },

    async validate(
      requestId: string,
      input: { confirmedNotDuplicateOf?: string[] },
      actor: Actor,
      ctx: WriteContext,
    ): Promise<CorrectPersonOutcome & { request?: IdentityRequest }> {
      const { request, person } = await load(requestId);
      if (request.status !== 'pending') throw intakeErrors.error('identity-request.decided');
      const outcome = await correctPerson.execute(
        person.id,
        {
          ...request.changes,
          version: person.version,
          reason: PERSON_REQUEST_REASON,
          ...(input.confirmedNotDuplicateOf ? { confirmedNotDuplicateOf: input.confirmedNotDuplicateOf } : {}),
        },
        actor,
        ctx,
      );
      if (outcome.kind !== 'corrected') return outcome;
      const next: IdentityRequest = { ...request, status: 'validated', decidedAt: clock.now().toISOString(), decidedBy: decidedBy(actor) };
      store.decide(ctx.uow, request, next, clock.now());
      return { ...outcome, request: next };
    },

    async reject(requestId: string, input: { reason: string }, actor: Actor, ctx: WriteContext): Promise<IdentityRequest> {
      const { request, person } = await load(requestId);
      authorize(
        'person.correct',
        actor,
        { recordedByOwnOrganisation: person.createdBy.organisationId !== null && person.createdBy.organisationId === actor.organisationId },
        intakeErrors.error('person.correct-forbidden'),
      );
      if (request.status !== 'pending') throw intakeErrors.error('identity-request.decided');
      const now = clock.now();
      const next: IdentityRequest = {
        ...request,
        status: 'rejected',
        decidedAt: now.toISOString(),
        decidedBy: decidedBy(actor),
        reason: input.reason,
      };
      store.decide(ctx.uow, request, next, now);
      return next;
    },
  };
}
