import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import type { Page } from '../../../shared/dynamo/paging';
import { parisMidnight } from '../domain/common.schema';
import type { IntakeDeps } from '../domain/intake.ports';
import { authorize } from '../../../shared/auth/policy';
import type {
  AgeRange,
  CancelReceptionInput,
  CorrectReceptionInput,
  CreateReceptionInput,
  Reception,
  ReceptionStep,
} from '../domain/reception.schema';
import { RECEPTION_CORRECTABLE_FIELDS } from '../domain/reception.schema';
import { ReceptionCancelled, ReceptionCorrected, ReceptionRecorded } from '../events/intake.events';
import { type WriteContext, organisationOf, professional, requireNetworkMemberIfPartner } from './context';
import { intakeErrors } from '../errors';

/** The age range of someone born on `birthDate` at `at` (events carry the range, never the date). */
export function ageRangeOf(birthDate: string, at: Date): AgeRange {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age--;
  if (age < 18) return '0-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  if (age < 75) return '65-74';
  return '75+';
}

/** A site of the caller's organisation, or a 400 naming the field (unknown, or someone else's). */
export async function requireOwnSite(deps: IntakeDeps, siteId: string, organisationId: string, field: string): Promise<void> {
  const site = await deps.repository.getSite(siteId);
  if (!site) throw intakeErrors.error('reception.unknown-site', { errors: [{ path: field, message: 'Lieu d’accueil inconnu' }] });
  if (site.organisationId !== organisationId) {
    throw intakeErrors.error('reception.site-of-other-organisation', {
      errors: [{ path: field, message: 'Ce lieu d’accueil n’appartient pas à votre structure' }],
    });
  }
}

/**
 * Record a reception (rule 1: unconditional).
 * Primary course: an agent received someone at a site of their organisation, by phone, at home,
 * by video or mail → the reception is stored with its themes, named (a person of the register)
 * or anonymous (at most an age range and a commune), never requiring an identity →
 * `ReceptionRecorded` is announced with ids and non-identifying facts (the phone only when the
 * person agreed to SMS surveys). A named reception is audited as a write about the person.
 */
export function makeRecordReception(deps: IntakeDeps) {
  const { repository, clock, newId } = deps;
  return {
    async execute(input: CreateReceptionInput, actor: Actor, ctx: WriteContext): Promise<Reception> {
      const organisationId = organisationOf(actor);
      await requireOwnSite(deps, input.siteId, organisationId, 'body.siteId');
      await requireNetworkMemberIfPartner(repository, actor, organisationId);
      const person = input.personId ? await repository.getPerson(input.personId) : undefined;
      if (input.personId && !person)
        throw intakeErrors.error('person.unknown', { errors: [{ path: 'body.personId', message: 'Personne inconnue' }] });
      const now = clock.now();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      const { anonymous, ...fields } = input;
      const anonymousFacts = anonymous && (anonymous.ageRange || anonymous.communeCode) ? anonymous : undefined;
      const reception: Reception = {
        id: newId(),
        ...fields,
        organisationId,
        ...(person ? {} : anonymousFacts ? { anonymous: anonymousFacts } : {}),
        receivedAt: receivedAt.toISOString(),
        recordedBy: professional(actor),
        createdAt: now.toISOString(),
      };
      repository.saveReception(ctx.uow, reception);
      if (person) {
        audit(ctx.uow, actor, { personId: person.id, action: 'create', route: 'POST /api/receptions', purpose: 'accueil' }, now);
        repository.touchPerson(ctx.uow, person.id, now.toISOString());
      }
      const smsSurveysConsent = Boolean(person?.consents.smsSurveys.given);
      const communeCode = person ? person.communeCode : anonymousFacts?.communeCode;
      const ageRange = person ? (person.birthDate ? ageRangeOf(person.birthDate, receivedAt) : undefined) : anonymousFacts?.ageRange;
      repository.publish(
        ctx.uow,
        ReceptionRecorded.create(
          {
            receptionId: reception.id,
            siteId: reception.siteId,
            organisationId,
            channel: reception.channel,
            themes: reception.themes,
            ...(communeCode ? { communeCode } : {}),
            ...(ageRange ? { ageRange } : {}),
            ...(person ? { personId: person.id } : {}),
            anonymous: !person,
            receivedAt: reception.receivedAt,
            ...(smsSurveysConsent && person?.phone ? { phone: person.phone } : {}),
            smsSurveysConsent,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      return reception;
    },
  };
}

export interface ListReceptionsQuery {
  siteId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** `from`: a date is the start of that day in Paris; `to`: a date is its end. */
function bound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  if (value.length === 10) {
    const start = parisMidnight(value);
    if (!end) return start.toISOString();
    // The next calendar day, by numbers: after 9999-12-31 an ISO string is no longer `YYYY-MM-DD`.
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    const nextDay = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
    return new Date(parisMidnight(nextDay).getTime() - 1).toISOString();
  }
  return new Date(value).toISOString();
}

/**
 * The receptions of the caller's organisation (or of one of its sites), newest first, between
 * two dates. Named receptions shown are audited reads of their persons.
 */
export function makeListReceptions(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(query: ListReceptionsQuery, actor: Actor, ctx: WriteContext): Promise<Page<Reception>> {
      const organisationId = organisationOf(actor);
      if (query.siteId) {
        const site = await repository.getSite(query.siteId);
        if (!site || site.organisationId !== organisationId) {
          throw intakeErrors.error('reception.list-forbidden');
        }
      }
      const from = bound(query.from, false);
      const to = bound(query.to, true);
      if (from && to && from > to) {
        throw intakeErrors.error('reception.period-reversed', { errors: [{ path: 'query.to', message: 'La fin précède le début' }] });
      }
      const page = await repository.listReceptions({ organisationId, siteId: query.siteId, from, to }, query.limit, query.cursor);
      const personIds = page.items.flatMap((r) => (r.personId ? [r.personId] : []));
      await repository.auditReads(actor, personIds, { route: 'GET /api/receptions', purpose: 'accueil' }, clock.now());
      return page;
    },
  };
}

/** The reception's codes, as the events carry them (never the summary). */
const codesOf = (r: Reception) => ({ siteId: r.siteId, channel: r.channel, themes: [...r.themes] });

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The reception to correct or cancel: it exists, the caller's organisation recorded it (policy
 * `reception.correct`), and it is not cancelled (409 naming `status`).
 */
async function correctableReception(deps: IntakeDeps, receptionId: string, actor: Actor): Promise<Reception> {
  const organisationId = organisationOf(actor);
  const reception = await deps.repository.getReception(receptionId);
  if (!reception) throw intakeErrors.error('reception.not-found');
  authorize(
    'reception.correct',
    actor,
    { ownOrganisation: reception.organisationId === organisationId },
    intakeErrors.error('reception.correct-forbidden'),
  );
  if (reception.status === 'cancelled') {
    throw intakeErrors.error('reception.cancelled', { errors: [{ path: 'status', message: 'Accueil annulé' }] });
  }
  return reception;
}

/**
 * Correct a reception (issue 14, ADR 0028).
 * Primary course: an agent of the organisation that recorded it fixes the site (one of its own),
 * the channel, the themes or the summary, says why, based on the version they read → the
 * reception is rewritten with the step (who, when, why, which fields) → a named reception's
 * correction is audited about the person → `ReceptionCorrected` carries the codes before and
 * after (site, channel, themes; never the summary) so the indicators move once.
 * Alternatives: another organisation → 403; cancelled → 409 naming `status`; stale version →
 * 409; nothing changes → the reception as it is, nothing written.
 */
export function makeCorrectReception(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(receptionId: string, input: CorrectReceptionInput, actor: Actor, ctx: WriteContext): Promise<Reception> {
      const reception = await correctableReception(deps, receptionId, actor);
      const version = reception.version ?? 1;
      if (input.version !== version) {
        throw intakeErrors.error('reception.version-conflict', {
          errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${version})` }],
        });
      }
      if (input.siteId !== undefined && input.siteId !== reception.siteId) {
        await requireOwnSite(deps, input.siteId, reception.organisationId, 'body.siteId');
      }
      const next: Reception = { ...reception };
      const fields: string[] = [];
      for (const field of RECEPTION_CORRECTABLE_FIELDS) {
        const value = input[field];
        if (value === undefined || sameValue(value, reception[field])) continue;
        fields.push(field);
        (next as Record<string, unknown>)[field] = value;
      }
      if (fields.length === 0) return reception;
      const now = clock.now();
      const at = now.toISOString();
      const step: ReceptionStep = { action: 'corrected', at, by: professional(actor), reason: input.reason, fields };
      const saved: Reception = { ...next, version: version + 1, history: [...(reception.history ?? []), step] };
      repository.updateReception(ctx.uow, saved, version);
      if (reception.personId) {
        audit(
          ctx.uow,
          actor,
          {
            personId: reception.personId,
            action: 'update',
            route: 'PATCH /api/receptions/{id}',
            purpose: 'correction',
            reason: input.reason,
          },
          now,
        );
      }
      repository.publish(
        ctx.uow,
        ReceptionCorrected.create(
          {
            receptionId,
            organisationId: reception.organisationId,
            version: saved.version ?? version + 1,
            before: codesOf(reception),
            after: codesOf(saved),
            at,
            byOrganisationId: actor.organisationId,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      return saved;
    },
  };
}

/**
 * Cancel a reception recorded by mistake (issue 14, ADR 0028).
 * Primary course: an agent of the organisation that recorded it says why → the reception stays
 * stored, `cancelled`, with the step (who, when, why) → a named one is audited about the person
 * → `ReceptionCancelled` takes it out of every count.
 * Alternatives: another organisation → 403; already cancelled → 409 naming `status`.
 */
export function makeCancelReception(deps: IntakeDeps) {
  const { repository, clock } = deps;
  return {
    async execute(receptionId: string, input: CancelReceptionInput, actor: Actor, ctx: WriteContext): Promise<Reception> {
      const reception = await correctableReception(deps, receptionId, actor);
      const version = reception.version ?? 1;
      const now = clock.now();
      const at = now.toISOString();
      const step: ReceptionStep = { action: 'cancelled', at, by: professional(actor), reason: input.reason };
      const saved: Reception = {
        ...reception,
        status: 'cancelled',
        version: version + 1,
        history: [...(reception.history ?? []), step],
      };
      repository.updateReception(ctx.uow, saved, version);
      if (reception.personId) {
        audit(
          ctx.uow,
          actor,
          {
            personId: reception.personId,
            action: 'update',
            route: 'POST /api/receptions/{id}/cancel',
            purpose: 'correction',
            reason: input.reason,
          },
          now,
        );
      }
      repository.publish(
        ctx.uow,
        ReceptionCancelled.create(
          { receptionId, organisationId: reception.organisationId, version: version + 1, at, byOrganisationId: actor.organisationId },
          { correlationId: ctx.correlationId, now },
        ),
      );
      return saved;
    },
  };
}
