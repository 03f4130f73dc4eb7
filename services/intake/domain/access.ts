import { type Actor, hasRole } from '../../../shared/auth/actor';

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

/**
 * How much of a person's history the caller may see (DOMAIN rule 2, SECURITY.md):
 * - the organisation that recorded the person sees everything;
 * - reception agents and social workers of other organisations see everything only with the
 *   person's network-sharing consent; otherwise that a record exists and whom to contact;
 * - a partner sees only persons referred to its organisation, then under the same consent
 *   rule; anyone else, nothing;
 * - a social worker or a partner who is an active member of one of the person's open parcours
 *   sees everything: the person agreed to the sharing among the members (DOMAIN rule 3);
 * - the coordinator and admins never (aggregates only);
 * - `exceptionalAccess`: the caller holds an exceptional access to this person in force
 *   (break-glass, ADR 0016): what they would see restricted they see in full. It never opens
 *   what they could not see at all.
 */
export function personAccess(
  actor: Actor,
  person: SharingFacts,
  referredToActorOrganisation: boolean,
  parcoursMember = false,
  exceptionalAccess = false,
): PersonAccess {
  if (!hasRole(actor, ...FIELD_ROLES)) return 'none';
  const own = actor.organisationId !== null && person.createdBy.organisationId === actor.organisationId;
  if (own) return 'full';
  if (parcoursMember && hasRole(actor, ...PARCOURS_READER_ROLES)) return 'full';
  const shared = person.consents.networkSharing.given;
  if (hasRole(actor, 'accueil', 'travailleur_social')) return shared || exceptionalAccess ? 'full' : 'restricted';
  if (!referredToActorOrganisation) return 'none';
  return shared || exceptionalAccess ? 'full' : 'restricted';
}

/** What a search result says about the history: `full` or `restricted` (a partner's "none" is restricted too). */
export function sharingOf(access: PersonAccess): 'full' | 'restricted' {
  return access === 'full' ? 'full' : 'restricted';
}
