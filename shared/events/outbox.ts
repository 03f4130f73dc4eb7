import type { UnitOfWork } from '../dynamo/unit-of-work';
import type { OutgoingEvent } from './envelope';

/**
 * The transactional outbox. An event is written as an item of the service's own table, in the
 * same transaction as the state it announces. The relay (stream on AWS, stream poller locally)
 * publishes it; the sparse `outbox` index lists those still pending for the sweeper.
 */
export const OUTBOX_INDEX = 'outbox';
export const OUTBOX_PENDING_ATTR = 'outboxPending';
export const OUTBOX_SORT_ATTR = 'outboxSortKey';
export const OUTBOX_PK_PREFIX = 'OUTBOX#';
/** Published outbox items expire after a week (TTL), long enough to investigate. */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

export interface OutboxItem {
  pk: string;
  sk: string;
  source: string;
  detailType: string;
  detail: string;
  outboxPending?: 'PENDING';
  outboxSortKey?: string;
  createdAt: string;
  expiresAt?: number;
}

export function outboxItem(event: OutgoingEvent): OutboxItem {
  const { eventId, occurredAt } = event.detail.metadata;
  return {
    pk: `${OUTBOX_PK_PREFIX}${eventId}`,
    sk: 'EVENT',
    source: event.source,
    detailType: event.detailType,
    detail: JSON.stringify(event.detail),
    outboxPending: 'PENDING',
    outboxSortKey: `${occurredAt}#${eventId}`,
    createdAt: occurredAt,
  };
}

export function publishInTransaction(uow: UnitOfWork, table: string, event: OutgoingEvent): void {
  uow.put(table, { ...outboxItem(event) }, { expression: 'attribute_not_exists(pk)' });
}

export function publishedExpiry(now = Date.now()): number {
  return Math.floor(now / 1000) + OUTBOX_RETENTION_SECONDS;
}
