import type { Actor } from '../../../shared/auth/actor';
import { decide } from '../../../shared/auth/policy';
import { directoryErrors } from '../errors';

/**
 * Who may edit the directory (SECURITY.md): the coordinator and admins edit everything; a
 * partner edits its own organisation's entry and sites; nobody else.
 */
export function canEditOrganisation(actor: Actor, organisationId: string): boolean {
  return (
    decide('directory.edit', actor, { ownOrganisation: actor.organisationId !== null && actor.organisationId === organisationId }) ===
    'allow'
  );
}

/**
 * What only the coordination decides of an organisation: membership of the network, its kind,
 * the charter, and where its appointments are booked (ADR 0042: an external agenda and the
 * secret it is reached with).
 */
export const GOVERNANCE_FIELDS = ['networkMember', 'type', 'charter', 'appointmentBook'] as const;

/**
 * No one admits themselves: a change of network membership, kind or charter (signature and
 * commitments) is the coordinator's alone (policy `directory.governance`); a partner who sends
 * one gets 403 naming each such field, and nothing is written.
 */
export function requireGovernanceRight(actor: Actor, patch: Record<string, unknown>, current: Record<string, unknown>): void {
  const touched = GOVERNANCE_FIELDS.filter((f) => f in patch && JSON.stringify(patch[f]) !== JSON.stringify(current[f]));
  if (!touched.length || decide('directory.governance', actor) === 'allow') return;
  throw directoryErrors.error('organisation.governance-forbidden', {
    errors: touched.map((f) => ({ path: `body.${f}`, message: 'Réservé à la coordination' })),
  });
}

/** Optimistic concurrency: a change must be based on the version stored now (else 409). */
export function assertVersion(
  stored: number,
  basedOn: number,
  conflict: 'organisation.version-conflict' | 'site.version-conflict' | 'service.version-conflict',
): void {
  if (basedOn !== stored) {
    throw directoryErrors.error(conflict, {
      errors: [{ path: 'body.version', message: `Version périmée (version actuelle : ${stored})` }],
    });
  }
}
