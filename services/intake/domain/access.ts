import type { Actor } from '../../../shared/auth/actor';
import { type Facts, decide } from '../../../shared/auth/policy';

/** The roles that work with persons: record receptions, search, read histories, refer. */
export const FIELD_ROLES = ['accueil', 'travailleur_social', 'partenaire'] as const;

/** Members of a parcours who read the person's history through it (SECURITY.md). */
export const PARCOURS_READER_ROLES = ['travailleur_social', 'partenaire'] as const;

export type PersonAccess = 'full' | 'restricted' | 'none';

/** What the decision needs of a person's record: who recorded it, and the sharing consent. */
export interface SharingFacts {
  createdBy: { organisationId: string | null };
  consents: { networkSharing: { given: boolean } };
}

/** The caller's relationship to a person, as the policy reads it (intake owns these facts). */
export interface PersonRelationship {
  referredToOwnOrganisation?: boolean;
  parcoursMember?: boolean;
  exceptionalAccess?: boolean;
}

export function personFacts(actor: Actor, person: SharingFacts, relationship: PersonRelationship = {}): Facts {
  return {
    recordedByOwnOrganisation: actor.organisationId !== null && person.createdBy.organisationId === actor.organisationId,
    sharingConsent: person.consents.networkSharing.given,
    referredToOwnOrganisation: relationship.referredToOwnOrganisation ?? false,
    parcoursMember: relationship.parcoursMember ?? false,
    exceptionalAccess: relationship.exceptionalAccess ?? false,
  };
}

const ACCESS = { allow: 'full', restricted: 'restricted', deny: 'none' } as const;

/**
 * How much of a person's history the caller may see: the policy's `person.read` decision
 * (shared/auth/policy.ts says the rule) over the facts intake knows.
 * `exceptionalAccess`: an exceptional access in force (break-glass, ADR 0016) turns what the
 * caller would see restricted into full; it never opens what they could not see at all.
 */
export function personAccess(
  actor: Actor,
  person: SharingFacts,
  referredToActorOrganisation: boolean,
  parcoursMember = false,
  exceptionalAccess = false,
): PersonAccess {
  return ACCESS[
    decide(
      'person.read',
      actor,
      personFacts(actor, person, { referredToOwnOrganisation: referredToActorOrganisation, parcoursMember, exceptionalAccess }),
    )
  ];
}

/** What a search result says about the history: `full` or `restricted` (a partner's "none" is restricted too). */
export function sharingOf(access: PersonAccess): 'full' | 'restricted' {
  return access === 'full' ? 'full' : 'restricted';
}
