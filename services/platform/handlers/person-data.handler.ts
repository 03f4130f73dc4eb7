import { definePersonData } from '../../../shared/person-data/contract';
import { AuditStore } from '../store/audit.store';
import { auditItemView } from '../use-cases/audit.use-cases';

const store = new AuditStore();

/**
 * The platform's person data (ADR 0037): the audit entries of her file — who read or changed it,
 * when, why. Exported whole; her space shows the reads through its own route (« Qui a consulté
 * mon dossier »), so the `view` purpose gives nothing here.
 */
export const handler = definePersonData('platform', async (personId, purpose): Promise<Record<string, unknown[]>> => {
  if (purpose === 'view') return {};
  await store.chainPending(personId);
  const { entries } = await store.chainOf(personId);
  return { audit: entries.map(auditItemView) };
});
