import { type Actor, hasRole } from '../../../shared/auth/actor';

/**
 * Who may edit the directory (SECURITY.md): the coordinator and admins edit everything; a
 * partner edits its own organisation's entry and sites; nobody else.
 */
export function canEditOrganisation(actor: Actor, organisationId: string): boolean {
  if (hasRole(actor, 'pilote', 'admin')) return true;
  return hasRole(actor, 'partenaire') && actor.organisationId === organisationId;
}
