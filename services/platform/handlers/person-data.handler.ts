import { definePersonData } from '../../../shared/person-data/contract';
import { AuditStore } from '../store/audit.store';
import { PersonReadsStore } from '../store/person-reads.store';
import { auditItemView } from '../use-cases/audit.use-cases';

const store = new AuditStore();
const reads = new PersonReadsStore();

/**
 * The platform's person data (ADR 0037): the audit entries of her file — who read or changed it,
 * when, why — and her flags on reads of it (ADR 0038), with the coordination's answer. Exported whole; her space shows the reads through its own route (« Qui a consulté
 * mon dossier »), so the `view` purpose gives nothing here.
 */
export const handler = definePersonData('platform', async (personId, purpose): Promise<Record<string, unknown[]>> => {
  if (purpose === 'view') return {};
  await store.chainPending(personId);
  const { entries } = await store.chainOf(personId);
  const marks = await reads.flagsOfPerson(personId);
  const flags = await Promise.all([...marks.values()].map(async (mark) => (await reads.getFlag(mark.flagId)) ?? mark));
  return { audit: entries.map(auditItemView), readFlags: flags };
});
