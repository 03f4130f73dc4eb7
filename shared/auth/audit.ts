import { ulid } from 'ulid';
import { tableName } from '../config/settings';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import type { Actor } from './actor';

export interface AuditEntry {
  personId: string;
  action: 'read' | 'create' | 'update' | 'erase' | 'export';
  /** The route or job, e.g. `GET /api/persons/{id}/history`. */
  route: string;
  purpose: string;
}

/**
 * Append one line to the audit log, in the same transaction as the change (or alone for a
 * read). The table is append-only: services may only put new items, never update or delete.
 */
export function audit(uow: UnitOfWork, actor: Actor, entry: AuditEntry, now = new Date()): void {
  const at = now.toISOString();
  uow.put(
    tableName('platform', 'audit'),
    {
      pk: `PERSON#${entry.personId}`,
      sk: `${at}#${ulid()}`,
      at,
      actorId: actor.id,
      actorOrganisationId: actor.organisationId,
      actorRoles: actor.roles,
      action: entry.action,
      route: entry.route,
      purpose: entry.purpose,
    },
    { expression: 'attribute_not_exists(pk)' },
  );
}
