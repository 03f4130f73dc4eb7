import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ddb } from '../dynamo/client';
import { createLogger } from '../observability/logger';
import { OUTBOX_INDEX, OUTBOX_PENDING_ATTR, OUTBOX_SORT_ATTR, type OutboxItem, publishedExpiry } from './outbox';

/**
 * The outbox relay: the same code runs as a Lambda on each table's DynamoDB Stream (AWS) and
 * in the local stack's stream poller. It publishes outbox items to the bus, then marks them
 * published. A crash between the two republishes on the next run: consumers are idempotent on
 * the event id, so an event takes effect once.
 */
const logger = createLogger('relay');

export interface BusEntry {
  source: string;
  detailType: string;
  /** JSON of the envelope `{ metadata, data }`. */
  detail: string;
}

export interface EventPublisher {
  publish(entries: BusEntry[]): Promise<void>;
}

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(entries: BusEntry[]): Promise<void> {
    // PutEvents takes at most 10 entries per call: a relay batch of 100 is ten calls, sent
    // together rather than one after the other.
    const batches: BusEntry[][] = [];
    for (let i = 0; i < entries.length; i += 10) batches.push(entries.slice(i, i + 10));
    await Promise.all(batches.map((batch) => this.putEvents(batch)));
  }

  private async putEvents(batch: BusEntry[]): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: batch.map((e) => ({
          EventBusName: this.busName,
          Source: e.source,
          DetailType: e.detailType,
          Detail: e.detail,
        })),
      }),
    );
    if (out.FailedEntryCount) {
      throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${batch.length} events`);
    }
  }
}

export interface StreamRecordLike {
  eventName?: string;
  eventSourceARN?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue> | Record<string, unknown> };
}

/** The pending outbox items among stream records (INSERTs carrying `outboxPending`). */
export function outboxItemsFromStream(records: StreamRecordLike[]): OutboxItem[] {
  const items: OutboxItem[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || !(OUTBOX_PENDING_ATTR in image)) continue;
    items.push(unmarshall(image as Record<string, AttributeValue>) as OutboxItem);
  }
  return items;
}

export function tableFromStreamArn(arn: string | undefined): string {
  const match = arn?.match(/:table\/([^/]+)\/stream\//);
  if (!match?.[1]) throw new Error('Stream record without a table ARN');
  return match[1];
}

/** Outbox items marked at once (a relay batch of 100 on AWS, a round of up to 1,000 stream records locally). */
const MARK_CONCURRENCY = 25;

export async function relayOutboxItems(table: string, items: OutboxItem[], publisher: EventPublisher): Promise<number> {
  if (items.length === 0) return 0;
  await publisher.publish(items.map((i) => ({ source: i.source, detailType: i.detailType, detail: i.detail })));
  // Marked a few at a time rather than one round trip after another (a backlog replay, a burst).
  const mark = async (item: OutboxItem): Promise<void> => {
    try {
      await ddb().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'REMOVE #pending, #sort SET publishedAt = :now, expiresAt = :exp',
          ConditionExpression: 'attribute_exists(#pending)',
          ExpressionAttributeNames: { '#pending': OUTBOX_PENDING_ATTR, '#sort': OUTBOX_SORT_ATTR },
          ExpressionAttributeValues: { ':now': new Date().toISOString(), ':exp': publishedExpiry() },
        }),
      );
    } catch (error) {
      // Already marked by a concurrent relay or the sweeper: nothing to do.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  };
  for (let i = 0; i < items.length; i += MARK_CONCURRENCY) {
    await Promise.all(items.slice(i, i + MARK_CONCURRENCY).map(mark));
  }
  logger.debug('Outbox relayed', { table, count: items.length });
  return items.length;
}

export interface SweepOptions {
  /** Only items written before this instant (default: `olderThanMs` before now). */
  before?: Date;
  /** Called after each page republished, with the running count of this sweep. */
  onProgress?: (republished: number) => void;
  /** Stop after the current page (the local stack stopping). */
  signal?: AbortSignal;
}

/**
 * Publish the items still pending after `olderThanMs` (the stream relay normally handles them
 * within a second; the sweep is the safety net after a crash or a failed publication).
 */
export async function sweepOutbox(
  table: string,
  publisher: EventPublisher,
  olderThanMs: number,
  options: SweepOptions = {},
): Promise<number> {
  const before = (options.before ?? new Date(Date.now() - olderThanMs)).toISOString();
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: '#pending = :pending AND #sort < :before',
        ExpressionAttributeNames: { '#pending': OUTBOX_PENDING_ATTR, '#sort': OUTBOX_SORT_ATTR },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':before': before },
        ExclusiveStartKey: startKey,
        Limit: 100,
      }),
    );
    // The index projects every attribute: its items are whole outbox items.
    total += await relayOutboxItems(table, (out.Items ?? []) as OutboxItem[], publisher);
    if (out.Items?.length) options.onProgress?.(total);
    startKey = out.LastEvaluatedKey;
  } while (startKey && !options.signal?.aborted);
  if (total > 0) logger.info('Outbox sweep republished pending events', { table, count: total });
  return total;
}
