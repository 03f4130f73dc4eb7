import type { Actor } from '../../../shared/auth/actor';
import { hasRole } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import type { Page } from '../../../shared/dynamo/paging';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors/errors';
import { type Facts, authorize } from '../../../shared/auth/policy';
import { PARCOURS_READER_ROLES, type PersonAccess, personAccess, personFacts, sharingOf } from '../domain/access';
import { type ParcoursSummary, isParcoursMember, parcoursSummaries } from '../domain/parcours-access';
import type { Purpose } from '../domain/common.schema';
import type { IntakeDeps, PersonSearchHit } from '../domain/intake.ports';
import { duplicatesOf, normaliseName } from '../domain/names';
import type {
  Consent,
  CreatePersonInput,
  PatchConsentsInput,
  Person,
  PersonCandidate,
  PersonSearchItem,
  PersonView,
} from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import type { Referral } from '../domain/referral.rules';
import type { ReferralSummary } from '../domain/referral.schema';
import { PersonConsentsChanged, PersonRecorded } from '../events/intake.events';
import {
  type WriteContext,
  organisationName,
  organisationNames,
  organisationOf,
  professional,
  requireNetworkMemberIfPartner,
} from './context';
import { referralSummary } from './referral-views';

export const candidateOf = (p: Pick<Person, 'id' | 'lastName' | 'firstName' | 'birthDate' | 'communeCode'>): PersonCandidate => ({
  id: p.id,
  lastName: p.lastName,
  firstName: p.firstName,
  birthDate: p.birthDate ?? null,
  communeCode: p.communeCode ?? null,
});

export function personView(person: Person, recordedByName: string): PersonView {
  const { createdBy, ...rest } = person;
  return { ...rest, recordedBy: { organisationId: createdBy.organisationId ?? '', organisationName: recordedByName } };
}

function consent(given: boolean, method: Consent['method'], actor: Actor, at: string, reference?: string): Consent {
  return {
    given,
    method,
    ...(reference ? { reference } : {}),
    recordedAt: at,
    recordedBy: { userId: actor.id, name: actor.name, organisationId: actor.organisationId },
  };
}

export type CreatePersonOutcome = { kind: 'created'; person: PersonView } | { kind: 'duplicates'; candidates: PersonCandidate[] };

const CREATE_ROUTE = 'POST /api/persons';

/**
 * Create a person.
 * Primary course: the agent types the names, birth date, commune, contact and the consents the
 * person gave (how) → possible duplicates are looked for through the indexes (same names and
 * birth date, or one letter apart) → none, or all confirmed as someone else
 * (`confirmedNotDuplicateOf`) → the person is stored with who recorded each consent, when and
 * how, and the creation is audited. Otherwise the candidates come back (the minimum to
 * recognise them; each shown candidate is an audited read) and nothing is written.
 */
export function makeCreatePerson(deps: IntakeDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(input: CreatePersonInput, actor: Actor, ctx: WriteContext): Promise<CreatePersonOutcome> {
      const organisationId = organisationOf(actor);
      await requireNetworkMemberIfPartner(repository, actor, organisationId);
      const now = clock.now();
      const found = await repository.findPossibleDuplicates(input);
      const confirmed = new Set(input.confirmedNotDuplicateOf ?? []);
      const candidates = duplicatesOf(input, found).filter((p) => !confirmed.has(p.id));
      if (candidates.length > 0) {
        await repository.auditReads(
          actor,
          candidates.map((c) => c.id),
          { route: CREATE_ROUTE, purpose: 'verification-doublon' },
          now,
        );
        return { kind: 'duplicates', candidates: candidates.map(candidateOf) };
      }
      const at = now.toISOString();
      const { consents, confirmedNotDuplicateOf: _confirmed, ...fields } = input;
      const person: Person = {
        id: newId(),
        ...fields,
        consents: {
          networkSharing: consent(consents.networkSharing.given, consents.networkSharing.method, actor, at),
          smsSurveys: consent(consents.smsSurveys.given, consents.smsSurveys.method ?? consents.networkSharing.method, actor, at),
        },
        createdBy: professional(actor),
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      repository.savePerson(ctx.uow, person);
      audit(ctx.uow, actor, { personId: person.id, action: 'create', route: CREATE_ROUTE, purpose: 'accueil' }, now);
      repository.publish(
        ctx.uow,
        PersonRecorded.create(
          {
            personId: person.id,
            recordedByOrganisationId: person.createdBy.organisationId,
            networkSharing: person.consents.networkSharing.given,
            smsSurveys: person.consents.smsSurveys.given,
            at,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      return { kind: 'created', person: personView(person, await organisationName(repository, organisationId)) };
    },
  };
}

export interface SearchQuery {
  q: string;
  birthDate?: string;
  limit: number;
  cursor?: string;
  purpose: Purpose;
}

/**
 * Find a person by name.
 * Primary course: the agent types the start of a last name (or a first name), any accents and
 * case → the name indexes answer in name order, optionally for one birth date → each result
 * says whether the caller's organisation may see the history (`full`) or not (`restricted`);
 * each person shown is an audited read.
 */
export function makeSearchPersons(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(query: SearchQuery, actor: Actor, ctx: WriteContext): Promise<Page<PersonSearchItem>> {
      await requireNetworkMemberIfPartner(repository, actor, organisationOf(actor));
      const page = await repository.searchPersons(normaliseName(query.q), query.birthDate, query.limit, query.cursor);
      const [referred, readers] = await Promise.all([referredSet(deps, actor, page.items), parcoursReaderSet(deps, actor, page.items)]);
      const items = page.items.map((p) => ({
        ...candidateOf(p),
        sharing: sharingOf(personAccess(actor, p, referred.has(p.id), readers.has(p.id))),
      }));
      await repository.auditReads(
        actor,
        items.map((i) => i.id),
        { route: 'GET /api/persons', purpose: query.purpose },
        clock.now(),
      );
      return { items, nextCursor: page.nextCursor };
    },
  };
}

/** Social workers and partners who are members of a person's open parcours read her history: which of these (one batch read). */
async function parcoursReaderSet(deps: IntakeDeps, actor: Actor, persons: PersonSearchHit[]): Promise<Set<string>> {
  if (!hasRole(actor, ...PARCOURS_READER_ROLES)) return new Set();
  const others = persons.filter((p) => p.createdBy.organisationId !== actor.organisationId).map((p) => p.id);
  return others.length ? deps.repository.parcoursReaderOf(others, actor.id) : new Set();
}

/** Partners see persons referred to their organisation: which of these were (one batch read). */
async function referredSet(deps: IntakeDeps, actor: Actor, persons: PersonSearchHit[]): Promise<Set<string>> {
  if (!hasRole(actor, 'partenaire') || !actor.organisationId) return new Set();
  const others = persons.filter((p) => p.createdBy.organisationId !== actor.organisationId).map((p) => p.id);
  return others.length ? deps.repository.referredToMany(others, actor.organisationId) : new Set();
}

type PersonParcours = Awaited<ReturnType<IntakeDeps['repository']['parcoursOfPerson']>>;

/** The caller's right to a person's history; the person's parcours are read once and kept for the answer. */
export async function accessTo(
  deps: IntakeDeps,
  actor: Actor,
  person: Person,
): Promise<{ access: PersonAccess; facts: Facts; parcours?: PersonParcours }> {
  const ownRecord = actor.organisationId !== null && person.createdBy.organisationId === actor.organisationId;
  const referred =
    !ownRecord && hasRole(actor, 'partenaire') && actor.organisationId
      ? await deps.repository.referredTo(person.id, actor.organisationId)
      : false;
  // Parcours membership matters to social workers and partners of another organisation only.
  const parcours = !ownRecord && hasRole(actor, ...PARCOURS_READER_ROLES) ? await deps.repository.parcoursOfPerson(person.id) : undefined;
  const member = parcours ? isParcoursMember(actor.id, parcours.parcours, parcours.members) : false;
  const facts = personFacts(actor, person, { referredToOwnOrganisation: referred, parcoursMember: member });
  return { access: personAccess(actor, person, referred, member), facts, parcours };
}

export interface Professional {
  name: string;
  organisationId: string | null;
  organisationName: string | null;
  role: string | null;
  since: string;
}

export type History =
  | {
      restricted: false;
      person: PersonView;
      receptions: Reception[];
      referrals: ReferralSummary[];
      parcours: ParcoursSummary[];
      professionals: Professional[];
    }
  | { restricted: true; personId: string; recordedBy: { organisationId: string; organisationName: string } };

/** Who took part, from the records: each professional once, with the date of their first step. */
function professionalsOf(
  person: Person,
  receptions: Reception[],
  referrals: Referral[],
  nameOf: (id: string) => string,
  parcours: PersonParcours = { parcours: [], members: [] },
): Professional[] {
  const byUser = new Map<string, Professional>();
  const add = (who: { userId: string | null; name: string; organisationId: string | null; role?: string }, at: string) => {
    if (!who.userId) return;
    const known = byUser.get(who.userId);
    if (known && known.since <= at) return;
    byUser.set(who.userId, {
      name: who.name,
      organisationId: who.organisationId,
      organisationName: who.organisationId ? nameOf(who.organisationId) : null,
      role: who.role ?? known?.role ?? null,
      since: at,
    });
  };
  add(person.createdBy, person.createdAt);
  for (const r of receptions) add(r.recordedBy, r.receivedAt);
  for (const referral of referrals) for (const step of referral.history) if (step.by.via === 'account') add(step.by, step.at);
  // Parcours members: the events carry no names, so a member not met above is shown by the
  // capacity they act in; members outside Relais (no account) are keyed by their member id.
  const closed = new Set(parcours.parcours.filter((p) => p.status === 'closed').map((p) => p.parcoursId));
  for (const m of parcours.members) {
    if (m.removedAt || closed.has(m.parcoursId)) continue;
    const key = m.userId ?? `member:${m.memberId}`;
    const known = byUser.get(key);
    if (known) {
      byUser.set(key, { ...known, role: m.role || known.role });
      continue;
    }
    const referent = parcours.parcours.some((p) => p.parcoursId === m.parcoursId && p.referentUserId && p.referentUserId === m.userId);
    byUser.set(key, {
      name: referent ? 'Référent de parcours' : 'Membre du parcours',
      organisationId: m.organisationId,
      organisationName: nameOf(m.organisationId),
      role: m.role || null,
      since: m.addedAt ?? '',
    });
  }
  return [...byUser.values()].sort((a, b) => a.since.localeCompare(b.since));
}

/**
 * A person's history.
 * Primary course: an agent opens a person → the caller's right is decided (rule 2: own
 * organisation's record, or the person's sharing consent; a partner only for persons referred
 * to it) → the read is audited with its purpose → receptions, referrals and the professionals
 * involved come back. Without consent, another organisation learns only that a record exists
 * and whom to contact. The coordinator, admins and unrelated partners get 403.
 */
export function makeGetPersonHistory(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(personId: string, purpose: Purpose, actor: Actor, ctx: WriteContext): Promise<History> {
      const person = await repository.getPerson(personId);
      if (!person) throw new NotFoundError('Cette personne n’existe pas.');
      const { access, parcours: knownParcours } = await accessTo(deps, actor, person);
      if (access === 'none') throw new ForbiddenError('Vous n’avez pas accès à l’historique de cette personne.');
      audit(ctx.uow, actor, { personId, action: 'read', route: 'GET /api/persons/{id}/history', purpose }, clock.now());
      const recordedById = person.createdBy.organisationId ?? '';
      if (access === 'restricted') {
        return {
          restricted: true,
          personId,
          recordedBy: { organisationId: recordedById, organisationName: await organisationName(repository, recordedById) },
        };
      }
      const [receptions, referrals, parcours] = await Promise.all([
        repository.receptionsOfPerson(personId),
        repository.referralsOfPerson(personId),
        knownParcours ?? repository.parcoursOfPerson(personId),
      ]);
      const nameOf = await organisationNames(repository, [
        recordedById,
        ...parcours.members.map((m) => m.organisationId),
        ...parcours.parcours.flatMap((p) => (p.referentOrganisationId ? [p.referentOrganisationId] : [])),
        ...receptions.map((r) => r.organisationId),
        ...referrals.flatMap((r) => [r.fromOrganisationId, r.toOrganisationId]),
        ...receptions.flatMap((r) => (r.recordedBy.organisationId ? [r.recordedBy.organisationId] : [])),
      ]);
      return {
        restricted: false,
        person: personView(person, nameOf(recordedById)),
        receptions,
        referrals: referrals.map((r) => referralSummary(r, nameOf)),
        parcours: parcoursSummaries(parcours.parcours, parcours.members, nameOf),
        professionals: professionalsOf(person, receptions, referrals, nameOf, parcours),
      };
    },
  };
}

/**
 * Change a person's consents.
 * Primary course: the person tells an agent they agree (or no longer agree) to share their
 * history in the network, or to receive SMS surveys → the agent records it with how the person
 * said it, based on the version they read → the new consents are stored with who recorded them
 * and when, the change is audited and `PersonConsentsChanged` announced. A stale version is 409.
 */
export function makeChangeConsents(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(personId: string, patch: PatchConsentsInput, actor: Actor, ctx: WriteContext): Promise<PersonView> {
      organisationOf(actor);
      const person = await repository.getPerson(personId);
      if (!person) throw new NotFoundError('Cette personne n’existe pas.');
      // No one grants themselves access: only the organisation that recorded the person (or,
      // in her space, the person herself) changes her consents — decided before the version is
      // looked at, so a refused caller learns nothing of the record.
      authorize(
        'person.consents',
        actor,
        personFacts(actor, person),
        'Seule la structure qui a enregistré cette personne peut modifier ses consentements, à sa demande.',
      );
      if (patch.version !== person.version) {
        throw new ConflictError('Cette fiche a été modifiée entre-temps : rechargez-la puis recommencez.', [
          { path: 'body.version', message: `Version périmée (version actuelle : ${person.version})` },
        ]);
      }
      const now = clock.now();
      const at = now.toISOString();
      const consents = { ...person.consents };
      if (patch.networkSharing) {
        const { given, method, reference } = patch.networkSharing;
        consents.networkSharing = consent(given, method, actor, at, method === 'written' ? reference : undefined);
      }
      if (patch.smsSurveys) {
        const method = patch.smsSurveys.method ?? patch.networkSharing?.method ?? person.consents.smsSurveys.method;
        const reference = method === 'written' ? (patch.smsSurveys.reference ?? patch.networkSharing?.reference) : undefined;
        consents.smsSurveys = consent(patch.smsSurveys.given, method, actor, at, reference);
      }
      const next: Person = { ...person, consents, version: person.version + 1, updatedAt: at };
      repository.savePerson(ctx.uow, next, person.version);
      audit(
        ctx.uow,
        actor,
        { personId, action: 'update', route: 'PATCH /api/persons/{id}/consents', purpose: 'demande-de-la-personne' },
        now,
      );
      repository.publish(
        ctx.uow,
        PersonConsentsChanged.create(
          {
            personId,
            networkSharing: consents.networkSharing.given,
            smsSurveys: consents.smsSurveys.given,
            at,
            byOrganisationId: actor.organisationId,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      const recordedById = person.createdBy.organisationId ?? '';
      return personView(next, await organisationName(repository, recordedById));
    },
  };
}
