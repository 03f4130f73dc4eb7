import * as z from 'zod';
import type { Actor } from '../../../shared/auth/actor';
import { hasRole } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { authorize, passesGate } from '../../../shared/auth/policy';
import type { Page } from '../../../shared/dynamo/paging';
import { kernelErrors } from '../../../shared/errors/catalogue';
import { defineUseCase } from '../../../shared/use-case/define-use-case';
import { IdSchema } from '../../../shared/validation/common.schema';
import { PARCOURS_READER_ROLES, personAccess, personFacts, sharingOf } from '../domain/access';
import type { Purpose } from '../domain/common.schema';
import {
  EXCEPTIONAL_ACCESS_HOURS,
  type ExceptionalAccess,
  type ExceptionalAccessRequest,
  ExceptionalAccessRequestSchema,
} from '../domain/exceptional-access.schema';
import type { IntakeDeps, PersonSearchHit } from '../domain/intake.ports';
import { duplicatesOf, normaliseName } from '../domain/names';
import { type ParcoursSummary, parcoursSummaries } from '../domain/parcours-access';
import {
  type Consent,
  type CorrectPersonInput,
  CorrectPersonSchema,
  type CreatePersonInput,
  CreatePersonSchema,
  type PatchConsentsInput,
  PatchConsentsSchema,
  PERSON_CORRECTABLE_FIELDS,
  type Person,
  type PersonCandidate,
  type PersonCorrectableField,
  type PersonSearchItem,
  type PersonView,
} from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import type { Referral } from '../domain/referral.rules';
import type { ReferralSummary } from '../domain/referral.schema';
import { intakeErrors } from '../errors';
import { ExceptionalAccessGranted, PersonConsentsChanged, PersonCorrected, PersonRecorded } from '../events/intake.events';
import {
  fieldRole,
  type IntakeUseCaseContext,
  type IntakeUseCaseDeps,
  organisationName,
  organisationNames,
  organisationOf,
  professional,
  requireNetworkMemberIfPartner,
  type WriteContext,
} from './context';
import { accessTo, type PersonParcours } from './person-access';
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
    // Given by the person herself in her space: her token carries no name.
    recordedBy: { userId: actor.id, name: hasRole(actor, 'personne') ? PERSON_HERSELF : actor.name, organisationId: actor.organisationId },
  };
}

/** Who recorded a consent she changed herself, online (« Mon espace »). */
export const PERSON_HERSELF = 'La personne elle-même (en ligne)';

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
export const CreatePerson = defineUseCase({
  name: 'intake.createPerson',
  input: CreatePersonSchema,
  action: 'person.record',
  emits: [PersonRecorded],
  async run({ input, actor, uow, deps, now, emit }: IntakeUseCaseContext<CreatePersonInput>): Promise<CreatePersonOutcome> {
    const { repository, newId } = deps;
    const organisationId = organisationOf(actor);
    await requireNetworkMemberIfPartner(repository, actor, organisationId);
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
    repository.savePerson(uow, person);
    audit(uow, actor, { personId: person.id, action: 'create', route: CREATE_ROUTE, purpose: 'accueil' }, now);
    emit(PersonRecorded, {
      personId: person.id,
      recordedByOrganisationId: person.createdBy.organisationId,
      networkSharing: person.consents.networkSharing.given,
      smsSurveys: person.consents.smsSurveys.given,
      at,
    });
    return { kind: 'created', person: personView(person, await organisationName(repository, organisationId)) };
  },
});

export function makeCreatePerson(deps: IntakeUseCaseDeps) {
  const useCase = CreatePerson(deps);
  return {
    execute: (input: CreatePersonInput, actor: Actor, ctx: WriteContext): Promise<CreatePersonOutcome> =>
      useCase.execute(input, actor, ctx),
  };
}

export interface SearchQuery {
  q: string;
  birthDate?: string;
  limit: number;
  cursor?: string;
}

/** The purpose of a search, set by the server (API.md): finding the person one is receiving. */
export const SEARCH_PURPOSE: Purpose = 'accueil';

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
    async execute(query: SearchQuery, actor: Actor, _ctx: WriteContext): Promise<Page<PersonSearchItem>> {
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
        { route: 'GET /api/persons', purpose: SEARCH_PURPOSE },
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
    async execute(personId: string, actor: Actor, ctx: WriteContext): Promise<History> {
      const person = await repository.getPerson(personId);
      if (!person) throw intakeErrors.error('person.not-found');
      const { access, parcours: knownParcours, purpose, exceptional } = await accessTo(deps, actor, person);
      if (access === 'none') throw intakeErrors.error('person.history-forbidden');
      audit(
        ctx.uow,
        actor,
        {
          personId,
          action: 'read',
          route: 'GET /api/persons/{id}/history',
          purpose,
          ...(exceptional ? { exceptional: true, reason: exceptional.reason } : {}),
        },
        clock.now(),
      );
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
export const ChangeConsents = defineUseCase({
  name: 'intake.changeConsents',
  input: z.strictObject({ personId: IdSchema, patch: PatchConsentsSchema }),
  // The gate of `person.consents` (professionals) or the person's own (`personSpace.file`): decided in `run`.
  emits: [PersonConsentsChanged],
  async run({
    input,
    actor,
    uow,
    deps,
    now,
    emit,
  }: IntakeUseCaseContext<{ personId: string; patch: PatchConsentsInput }>): Promise<PersonView> {
    const { repository } = deps;
    const { personId, patch } = input;
    // The person herself, in her space (issue 15): her own record only; another id is unknown to her (404).
    const herself = hasRole(actor, 'personne');
    if (herself && actor.personId !== personId) throw intakeErrors.error('person.not-found');
    if (!herself && !passesGate('person.consents', actor)) throw kernelErrors.error('forbidden');
    if (!herself) organisationOf(actor);
    const person = await repository.getPerson(personId);
    if (!person) throw intakeErrors.error('person.not-found');
    // No one grants themselves access: only the organisation that recorded the person (or,
    // in her space, the person herself) changes her consents — decided before the version is
    // looked at, so a refused caller learns nothing of the record.
    if (!herself) authorize('person.consents', actor, personFacts(actor, person), intakeErrors.error('person.consents-forbidden'));
    if (patch.version !== person.version) {
      throw intakeErrors.error('person.version-conflict', {
        errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${person.version})` }],
      });
    }
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
    if (patch.contactRefused === true) next.contactRefused = true;
    else if (patch.contactRefused === false) delete next.contactRefused;
    repository.savePerson(uow, next, person.version);
    const route = herself ? 'PATCH /api/me/person/consents' : 'PATCH /api/persons/{id}/consents';
    audit(uow, actor, { personId, action: 'update', route, purpose: 'demande-de-la-personne' }, now);
    emit(PersonConsentsChanged, {
      personId,
      networkSharing: consents.networkSharing.given,
      smsSurveys: consents.smsSurveys.given,
      at,
      byOrganisationId: actor.organisationId,
    });
    const recordedById = person.createdBy.organisationId ?? '';
    return personView(next, await organisationName(repository, recordedById));
  },
});

export function makeChangeConsents(deps: IntakeUseCaseDeps) {
  const useCase = ChangeConsents(deps);
  return {
    execute: (personId: string, patch: PatchConsentsInput, actor: Actor, ctx: WriteContext): Promise<PersonView> =>
      useCase.execute({ personId, patch }, actor, ctx),
  };
}

const CORRECT_ROUTE = 'PATCH /api/persons/{id}';

export type CorrectPersonOutcome = { kind: 'corrected'; person: PersonView } | { kind: 'duplicates'; candidates: PersonCandidate[] };

/** The person after the correction: a `null` clears an optional field, `undefined` keeps it. */
function corrected(person: Person, input: CorrectPersonInput): { next: Person; fields: PersonCorrectableField[] } {
  const next: Person = { ...person };
  const fields: PersonCorrectableField[] = [];
  for (const field of PERSON_CORRECTABLE_FIELDS) {
    const value = input[field];
    // `contactRefused: false` is the same as never refused.
    if (value === undefined || (value ?? undefined) === person[field] || (field === 'contactRefused' && !value && !person.contactRefused))
      continue;
    fields.push(field);
    if (value === null) delete next[field];
    else (next as unknown as Record<string, unknown>)[field] = value;
  }
  return { next, fields };
}

/**
 * Correct a person's identity or contact details (issue 14, ADR 0028).
 * Primary course: an agent of the organisation that recorded her fixes a misspelt name, a birth
 * date, her phone or e-mail, says why, based on the version they read → when the identity
 * changes, possible duplicates are looked for again exactly as at creation (none, or all
 * confirmed as someone else) → the record is rewritten with its name and birth-date index
 * entries in the same transaction, the correction audited with who, when and why, and
 * `PersonCorrected` announced with the names of the fields only.
 * Alternatives: another organisation (whatever it reads) → 403, decided before the version is
 * looked at, so a correction never opens a file; stale version → 409; nothing changes → the
 * person as she is, nothing written.
 */
export const CorrectPerson = defineUseCase({
  name: 'intake.correctPerson',
  input: z.strictObject({ personId: IdSchema, patch: CorrectPersonSchema }),
  action: 'person.correct',
  emits: [PersonCorrected],
  async run({
    input,
    actor,
    uow,
    deps,
    now,
    emit,
  }: IntakeUseCaseContext<{ personId: string; patch: CorrectPersonInput }>): Promise<CorrectPersonOutcome> {
    const { repository } = deps;
    const { personId, patch } = input;
    const organisationId = organisationOf(actor);
    await requireNetworkMemberIfPartner(repository, actor, organisationId);
    const person = await repository.getPerson(personId);
    if (!person) throw intakeErrors.error('person.not-found');
    authorize('person.correct', actor, personFacts(actor, person), intakeErrors.error('person.correct-forbidden'));
    if (patch.version !== person.version) {
      throw intakeErrors.error('person.version-conflict', {
        errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${person.version})` }],
      });
    }
    const { next, fields } = corrected(person, patch);
    const recordedById = person.createdBy.organisationId ?? '';
    if (fields.length === 0) return { kind: 'corrected', person: personView(person, await organisationName(repository, recordedById)) };
    if (fields.some((f) => f === 'lastName' || f === 'firstName' || f === 'birthDate')) {
      const found = await repository.findPossibleDuplicates(next);
      const confirmed = new Set(patch.confirmedNotDuplicateOf ?? []);
      const candidates = duplicatesOf(next, found).filter((p) => p.id !== personId && !confirmed.has(p.id));
      if (candidates.length > 0) {
        await repository.auditReads(
          actor,
          candidates.map((c) => c.id),
          { route: CORRECT_ROUTE, purpose: 'verification-doublon' },
          now,
        );
        return { kind: 'duplicates', candidates: candidates.map(candidateOf) };
      }
    }
    const at = now.toISOString();
    const saved: Person = { ...next, version: person.version + 1, updatedAt: at };
    repository.savePerson(uow, saved, person.version);
    audit(uow, actor, { personId, action: 'update', route: CORRECT_ROUTE, purpose: 'correction', reason: patch.reason }, now);
    emit(PersonCorrected, { personId, fields, version: saved.version, at, byOrganisationId: actor.organisationId });
    return { kind: 'corrected', person: personView(saved, await organisationName(repository, recordedById)) };
  },
});

export function makeCorrectPerson(deps: IntakeUseCaseDeps) {
  const useCase = CorrectPerson(deps);
  return {
    execute: (personId: string, patch: CorrectPersonInput, actor: Actor, ctx: WriteContext): Promise<CorrectPersonOutcome> =>
      useCase.execute({ personId, patch }, actor, ctx),
  };
}

const GRANT_ROUTE = 'POST /api/persons/{id}/exceptional-access';

/**
 * Open an exceptional access (« accès exceptionnel », break-glass; SECURITY.md, DOMAIN rule 9).
 * Primary course: a reception agent, a social worker or a partner of a network member must read
 * the file of a person they see only restricted (danger, legal obligation, continuity of care)
 * → they give the reason and explain it (10 to 1000 characters) → the grant is stored for 24
 * hours, audited as exceptional with its reason, and announced (`ExceptionalAccessGranted`,
 * without the explanation) so the coordinator is told at once → while it holds, their reads of
 * that person's history are full and audited as exceptional.
 * Alternatives: unknown person → 404; a file they already read in full → 422; a file they may
 * not see at all (a partner the person was never referred to) → 403; the coordinator and
 * admins never (403, the route's roles).
 */
export const GrantExceptionalAccess = defineUseCase({
  name: 'intake.grantExceptionalAccess',
  input: z.strictObject({ personId: IdSchema, request: ExceptionalAccessRequestSchema }),
  action: 'person.exceptionalAccess',
  emits: [ExceptionalAccessGranted],
  async run({
    input,
    actor,
    uow,
    deps,
    now,
    emit,
  }: IntakeUseCaseContext<{ personId: string; request: ExceptionalAccessRequest }>): Promise<{ grantedUntil: string }> {
    const { repository, newId } = deps;
    const { personId, request } = input;
    const organisationId = organisationOf(actor);
    await requireNetworkMemberIfPartner(repository, actor, organisationId);
    const person = await repository.getPerson(personId);
    if (!person) throw intakeErrors.error('person.not-found');
    const { access, facts } = await accessTo(deps, actor, person);
    authorize('person.exceptionalAccess', actor, facts, intakeErrors.error('person.exceptional-access-forbidden'));
    if (access === 'full') {
      throw intakeErrors.error('person.exceptional-access-needless');
    }
    const grantedAt = now.toISOString();
    const grant: ExceptionalAccess = {
      id: newId(),
      personId,
      grantedTo: { userId: actor.id, name: actor.name, organisationId, role: fieldRole(actor) ?? null },
      reason: request.reason,
      details: request.details,
      grantedAt,
      grantedUntil: new Date(now.getTime() + EXCEPTIONAL_ACCESS_HOURS * 3_600_000).toISOString(),
    };
    repository.saveExceptionalAccess(uow, grant);
    audit(
      uow,
      actor,
      {
        personId,
        action: 'exceptional-access',
        route: GRANT_ROUTE,
        purpose: 'acces-exceptionnel',
        exceptional: true,
        reason: grant.reason,
      },
      now,
    );
    emit(ExceptionalAccessGranted, {
      grantId: grant.id,
      personId,
      userId: actor.id,
      organisationId,
      role: grant.grantedTo.role,
      reason: grant.reason,
      grantedAt,
      grantedUntil: grant.grantedUntil,
    });
    return { grantedUntil: grant.grantedUntil };
  },
});

export function makeGrantExceptionalAccess(deps: IntakeUseCaseDeps) {
  const useCase = GrantExceptionalAccess(deps);
  return {
    execute: (personId: string, request: ExceptionalAccessRequest, actor: Actor, ctx: WriteContext): Promise<{ grantedUntil: string }> =>
      useCase.execute({ personId, request }, actor, ctx),
  };
}

/** At most this far back in the coordinator's list. */
const EXCEPTIONAL_LIST_MAX_DAYS = 366;

/**
 * The coordinator's list of exceptional accesses: every grant since a date (30 days by
 * default), newest first, with who, why and until when; `active` while it holds.
 */
export function makeListExceptionalAccesses(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(query: { from?: string; limit: number; cursor?: string }) {
      const now = clock.now();
      const earliest = new Date(now.getTime() - EXCEPTIONAL_LIST_MAX_DAYS * 86_400_000);
      const from = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(now.getTime() - 30 * 86_400_000);
      if (from < earliest) {
        throw intakeErrors.error('exceptional-access.period-too-long', {
          errors: [{ path: 'query.from', message: 'La liste remonte au plus à un an (366 jours)' }],
        });
      }
      const page = await repository.listExceptionalAccesses(from.toISOString(), now.toISOString(), query.limit, query.cursor);
      const at = now.toISOString();
      return { items: page.items.map((g) => ({ ...g, active: g.grantedUntil > at })), nextCursor: page.nextCursor };
    },
  };
}
