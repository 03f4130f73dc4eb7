import type { Actor } from '../../../shared/auth/actor';
import { audit } from '../../../shared/auth/audit';
import { type ChainedEntry, type Verification, verifyChain } from '../../../shared/auth/audit-chain';
import type { Page } from '../../../shared/dynamo/paging';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { AuditItem } from '../domain/audit.schema';
import type { AuditStore } from '../store/audit.store';

export function auditItemView(entry: ChainedEntry): AuditItem {
  return {
    seq: entry.seq,
    at: entry.at,
    actor: { userId: entry.actorId, name: entry.actorName, organisationId: entry.actorOrganisationId, role: entry.actorRoles[0] ?? null },
    action: entry.action,
    route: entry.route,
    purpose: entry.purpose,
    ...(entry.exceptional ? { exceptional: true } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

/**
 * The coordinator reads who read or changed a person's file (SECURITY.md). Reading it is itself
 * a read of that person (who handled her file): it is audited in her chain with the purpose
 * « controle », so she sees it too (ADR 0016). Her lines still pending (a search a few seconds
 * ago) are chained first: the log shows every read already answered.
 */
export function makeListAudit(store: AuditStore, clock: { now(): Date }) {
  return {
    async execute(query: { personId: string; limit: number; cursor?: string }, actor: Actor, uow: UnitOfWork): Promise<Page<AuditItem>> {
      await store.chainPending(query.personId);
      const page = await store.entriesPage(query.personId, query.limit, query.cursor);
      audit(uow, actor, { personId: query.personId, action: 'read', route: 'GET /api/audit', purpose: 'controle' }, clock.now());
      return { items: page.items.map(auditItemView), nextCursor: page.nextCursor };
    },
  };
}

/**
 * Check a person's chain: counts only, nothing of the entries (not audited, ADR 0016). Her
 * pending lines are chained first, so the verification covers every answered read.
 */
export function makeVerifyAudit(store: AuditStore) {
  return {
    async execute(personId: string): Promise<Verification> {
      await store.chainPending(personId);
      const { entries, head } = await store.chainOf(personId);
      return verifyChain(entries, head);
    },
  };
}
