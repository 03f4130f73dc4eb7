import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import * as z from 'zod';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import { defineUseCase } from '../../../shared/use-case/define-use-case';
import type { IntakeDeps } from '../domain/intake.ports';
import type { Person } from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import type { Referral } from '../domain/referral.rules';
import { PersonErased } from '../events/intake.events';
import { intakeSettings } from '../intake.settings';
import { franceConnectSubKey, personKey } from '../store/keys';
import type { IntakeUseCaseContext, IntakeUseCaseDeps } from './context';
import { ageRangeOf } from './receptions.use-cases';

/** Who erases: Relais itself, on its schedule (the audit log says so). */
const RETENTION_JOB: Actor = {
  id: 'system:retention',
  name: 'Relais (durée de conservation)',
  email: null,
  roles: [],
  organisationId: null,
  siteId: null,
};

/** What stays of a liaison note after an erasure. */
export const ERASED_NOTE = 'Contenu effacé : durée de conservation des données personnelles écoulée.';

/** Writes per transaction (DynamoDB allows 100; the last one also holds the event and the audit line). */
const WRITES_PER_TRANSACTION = 90;
/** Persons looked at per query of the `due` index. */
const DUE_BATCH = 25;

export interface RetentionOutcome {
  erased: number;
  postponed: number;
}

/**
 * What identifies the person goes; what the network needs to count stays: the reception keeps
 * its channel, themes, site and dates, plus the age range and commune an anonymous one keeps.
 */
function keptReception(reception: Reception, person: Person | undefined): Reception {
  const { personId: _p, summary: _s, informationGiven: _i, ...kept } = reception;
  const ageRange = person?.birthDate ? ageRangeOf(person.birthDate, new Date(reception.receivedAt)) : undefined;
  const communeCode = person?.communeCode;
  return {
    ...kept,
    ...(ageRange || communeCode ? { anonymous: { ...(ageRange ? { ageRange } : {}), ...(communeCode ? { communeCode } : {}) } } : {}),
  };
}

/** The referral stays (its statuses, themes, organisations, dates); its free texts go with the person. */
function keptReferral(referral: Referral): Referral {
  const { personId: _p, ...kept } = referral;
  return {
    ...kept,
    liaisonNote: ERASED_NOTE,
    history: referral.history.map(({ comment: _c, reason: _r, outcome: _o, ...step }) => step),
    version: referral.version + 1,
  };
}

/**
 * Erase the persons nobody has dealt with for the retention period (DOMAIN rule 6, SECURITY.md).
 * Primary course: the daily job lists, through the sparse `due` index, the persons whose last
 * activity (record, consents, reception, referral) is older than `RELAIS_PERSON_RETENTION_DAYS`
 * → a person in an open parcours, or whose parcours closed within the period, is postponed →
 * otherwise her receptions keep only non-identifying facts, her referrals lose their liaison note
 * and free texts, everything under her record is deleted (with her FranceConnect identity link and
 * its index entry `FC#<sub>`, ADR 0040), the erasure is audited, and
 * `PersonErased` tells every service to drop what it holds. The record itself goes last, in the
 * transaction with the event: a job stopped part-way finds her again the next day.
 */
export const EraseInactivePersons = defineUseCase({
  name: 'intake.personRetention',
  input: z.strictObject({}),
  actor: 'none',
  emits: [PersonErased],
  async run({ deps, now, openUnitOfWork, emit }: IntakeUseCaseContext<Record<string, never>, Actor | null>): Promise<RetentionOutcome> {
    const { repository } = deps;
    const at = now.toISOString();
    const retentionMs = intakeSettings().RELAIS_PERSON_RETENTION_DAYS * 86_400_000;
    const outcome: RetentionOutcome = { erased: 0, postponed: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await repository.personsDueForErasure(at, DUE_BATCH)).filter((p) => !seen.has(p.personId));
      if (due.length === 0) break;
      for (const { personId, lastActivityAt } of due) {
        seen.add(personId);
        const { parcours } = await repository.parcoursOfPerson(personId);
        const parcoursActivity = parcours
          .map((p) => (p.status === 'open' ? at : (p.closedAt ?? p.openedAt ?? '')))
          .sort()
          .at(-1);
        if (parcoursActivity && Date.parse(parcoursActivity) + retentionMs > now.getTime()) {
          const uow = openUnitOfWork();
          repository.touchPerson(uow, personId, parcoursActivity > lastActivityAt ? parcoursActivity : at);
          await uow.commit();
          outcome.postponed++;
          continue;
        }
        try {
          await erase(
            deps,
            openUnitOfWork,
            (uow) => emit(PersonErased, { personId, at, reason: 'retention' }, uow),
            personId,
            lastActivityAt,
            now,
          );
          outcome.erased++;
        } catch (error) {
          // Touched meanwhile (a reception while the job ran): she stays, the next run decides.
          if (error instanceof ConflictError) continue;
          throw error;
        }
      }
    }
    return outcome;
  },
});

export function makeEraseInactivePersons(deps: IntakeUseCaseDeps) {
  const useCase = EraseInactivePersons(deps);
  return { execute: (): Promise<RetentionOutcome> => useCase.execute({}, null) };
}

async function erase(
  deps: IntakeDeps,
  openUnitOfWork: () => UnitOfWork,
  announce: (uow: UnitOfWork) => void,
  personId: string,
  lastActivityAt: string,
  now: Date,
): Promise<void> {
  const { repository } = deps;
  const person = await repository.getPerson(personId);
  const { receptions, referrals, partition, franceConnectSubs } = await repository.everythingOfPerson(personId);
  const writes: Array<(uow: UnitOfWork) => void> = [
    // Her FranceConnect identity's index entry first (it lies outside her partition): her link
    // item, which names it, goes after it, so that a job stopped part-way finds it again.
    ...franceConnectSubs.map((sub) => (uow: UnitOfWork) => repository.deleteItem(uow, franceConnectSubKey(sub))),
    ...receptions.map((r) => (uow: UnitOfWork) => repository.replaceReception(uow, keptReception(r, person))),
    ...referrals.map((r) => (uow: UnitOfWork) => repository.saveReferral(uow, keptReferral(r), r.version)),
    ...partition.filter((key) => key.sk !== personKey(personId).sk).map((key) => (uow: UnitOfWork) => repository.deleteItem(uow, key)),
  ];
  for (let i = 0; i < writes.length; i += WRITES_PER_TRANSACTION) {
    const uow = openUnitOfWork();
    for (const write of writes.slice(i, i + WRITES_PER_TRANSACTION)) write(uow);
    await uow.commit();
  }
  const last = openUnitOfWork();
  // Only if nothing happened since she was listed: a reception meanwhile moved her erasure date.
  if (person) repository.deletePersonIfInactiveSince(last, personId, lastActivityAt);
  audit(last, RETENTION_JOB, { personId, action: 'erase', route: 'schedule personRetention', purpose: 'conservation' }, now);
  announce(last);
  await last.commit();
}
