import { type Actor, hasRole } from '../../../shared/auth/actor';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { FIELD_ROLES } from '../domain/access';
import type { UseCaseContext } from '../../../shared/use-case/define-use-case';
import type { IntakeDeps, IntakeRepository } from '../domain/intake.ports';
import type { ReferralActor } from '../domain/referral.schema';
import { intakeErrors } from '../errors';

export interface WriteContext {
  uow: UnitOfWork;
  correlationId?: string;
}

/**
 * What intake's use cases run with (ADR 0023): the service's dependencies, and the unit of work
 * they open when no route handler gives one (DynamoDB's by default, the in-memory twin in unit tests).
 */
export type IntakeUseCaseDeps = IntakeDeps & { newUnitOfWork?: () => UnitOfWork };
export type IntakeUseCaseContext<I, A = Actor> = UseCaseContext<I, IntakeUseCaseDeps, A>;

/** The caller's organisation: every intake action is done on behalf of one. */
export function organisationOf(actor: Actor): string {
  if (!actor.organisationId) throw intakeErrors.error('account.no-organisation');
  return actor.organisationId;
}

/** The role an agent acts in, for the history's "who" (the first field role they hold). */
export function fieldRole(actor: Actor): string | undefined {
  return FIELD_ROLES.find((role) => hasRole(actor, role));
}

export function professional(actor: Actor) {
  const role = fieldRole(actor);
  return { userId: actor.id, name: actor.name, organisationId: actor.organisationId, ...(role ? { role } : {}) };
}

export async function referralActor(repository: IntakeRepository, actor: Actor): Promise<ReferralActor> {
  const name = actor.organisationId ? await organisationName(repository, actor.organisationId) : null;
  const role = fieldRole(actor);
  return {
    userId: actor.id,
    name: actor.name,
    organisationId: actor.organisationId,
    organisationName: name,
    ...(role ? { role } : {}),
    via: 'account',
  };
}

/** An organisation's name from the directory's events; its id until the directory announces a name. */
export async function organisationName(repository: IntakeRepository, id: string): Promise<string> {
  return (await repository.getOrganisation(id))?.name ?? id;
}

export async function organisationNames(repository: IntakeRepository, ids: Iterable<string>): Promise<(id: string) => string> {
  const unique = [...new Set(ids)];
  const found = unique.length ? await repository.getOrganisations(unique) : new Map();
  return (id: string) => found.get(id)?.name ?? id;
}

/** A partner records receptions and persons, and searches them, only for a network member (SECURITY.md). */
export async function requireNetworkMemberIfPartner(repository: IntakeRepository, actor: Actor, organisationId: string): Promise<void> {
  if (!hasRole(actor, 'partenaire') || hasRole(actor, 'accueil', 'travailleur_social')) return;
  const organisation = await repository.getOrganisation(organisationId);
  if (!organisation?.networkMember) {
    throw intakeErrors.error('organisation.not-network-member');
  }
}
