import { OUTBOX_PK_PREFIX } from '../events/outbox';
import type { MemoryDatabase } from './memory-database';

export interface CommittedEvent {
  detailType: string;
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

/**
 * The events a twin's transactions wrote to a service's outbox, oldest first, optionally of one
 * type. Ordered by instant; events of one instant (a test's clock stands still, or one
 * transaction announces two events) in commit order — the table keeps insertion order and the
 * sort is stable — never by their random ULIDs.
 */
export function committedEvents(database: MemoryDatabase, table: string, detailType?: string): CommittedEvent[] {
  const instant = (item: Record<string, unknown>) => String(item.outboxSortKey).split('#')[0] ?? '';
  return database
    .all(table)
    .filter((item) => String(item.pk).startsWith(OUTBOX_PK_PREFIX) && (!detailType || item.detailType === detailType))
    .sort((a, b) => (instant(a) < instant(b) ? -1 : instant(a) > instant(b) ? 1 : 0))
    .map((item) => ({ detailType: String(item.detailType), ...(JSON.parse(String(item.detail)) as Omit<CommittedEvent, 'detailType'>) }));
}
