import { type Actor, hasRole } from '../../../shared/auth/actor';
import { ConflictError } from '../../../shared/errors/errors';

/**
 * Who may edit the directory (SECURITY.md): the coordinator and admins edit everything; a
 * partner edits its own organisation's entry and sites; nobody else.
 */
export function canEditOrganisation(actor: Actor, organisationId: string): boolean {
  if (hasRole(actor, 'pilote', 'admin')) return true;
  return hasRole(actor, 'partenaire') && actor.organisationId === organisationId;
}

/** Optimistic concurrency: a change must be based on the version stored now (else 409). */
export function assertVersion(stored: number, basedOn: number, detail: string): void {
  if (basedOn !== stored) {
    throw new ConflictError(detail, [{ path: 'body.version', message: `Version périmée (version actuelle : ${stored})` }]);
  }
}
