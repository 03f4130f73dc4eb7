import type { Actor } from '../../../shared/auth/actor';
import { hasRole } from '../../../shared/auth/actor';
import type { Facts } from '../../../shared/auth/policy';
import { PARCOURS_READER_ROLES, type PersonAccess, personAccess, personFacts } from '../domain/access';
import type { Purpose } from '../domain/common.schema';
import type { ExceptionalAccess } from '../domain/exceptional-access.schema';
import type { IntakeDeps } from '../domain/intake.ports';
import { isParcoursMember } from '../domain/parcours-access';
import type { Person } from '../domain/person.schema';

/*
 * The caller's access to a person's file, in a module of its own: the referral, sign-in and
 * identity-link use cases ask it without bundling the persons' use cases (ADR 0056).
 */

export type PersonParcours = Awaited<ReturnType<IntakeDeps['repository']['parcoursOfPerson']>>;

export interface AccessDecision {
  access: PersonAccess;
  /** The relationship facts the policy decided on (without the exceptional access). */
  facts: Facts;
  parcours?: PersonParcours;
  /** Why the caller reads (the audit's purpose, set by the server from the tie that opens the file). */
  purpose: Purpose;
  /** The exceptional access that makes this read full, when it is one. */
  exceptional?: ExceptionalAccess;
}

/**
 * The caller's right to a person's history (policy `person.read` over the facts intake knows);
 * the person's parcours are read once and kept for the answer. An exceptional access in force is
 * looked for only when the answer would otherwise be restricted (one more read, never on the
 * common path).
 */
export async function accessTo(deps: IntakeDeps, actor: Actor, person: Person): Promise<AccessDecision> {
  const ownRecord = actor.organisationId !== null && person.createdBy.organisationId === actor.organisationId;
  const referred =
    !ownRecord && hasRole(actor, 'partenaire') && actor.organisationId
      ? await deps.repository.referredTo(person.id, actor.organisationId)
      : false;
  // Parcours membership matters to social workers and partners of another organisation only.
  const parcours = !ownRecord && hasRole(actor, ...PARCOURS_READER_ROLES) ? await deps.repository.parcoursOfPerson(person.id) : undefined;
  const member = parcours ? isParcoursMember(actor.id, parcours.parcours, parcours.members) : false;
  const facts = personFacts(actor, person, { referredToOwnOrganisation: referred, parcoursMember: member });
  const access = personAccess(actor, person, referred, member);
  const purpose: Purpose = member && !ownRecord ? 'accompagnement' : referred ? 'orientation' : 'accueil';
  if (access !== 'restricted') return { access, facts, parcours, purpose };
  const grant = await deps.repository.activeExceptionalAccess(person.id, actor.id, deps.clock.now().toISOString());
  if (!grant) return { access, facts, parcours, purpose };
  return {
    access: personAccess(actor, person, referred, member, true),
    facts,
    parcours,
    purpose: 'acces-exceptionnel',
    exceptional: grant,
  };
}
