import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { BatchGetCommand, BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ddb } from '../dynamo/client';
import { UnitOfWork } from '../dynamo/unit-of-work';
import { AppError } from '../errors/errors';
import { errorCause } from '../observability/error-cause';
import { invocation } from '../observability/invocation';
import { createLogger } from '../observability/logger';
import { countMetric } from '../observability/metrics';
import { withTrace } from '../observability/trace-context';
import type { EventContext, EventEnvelope } from './envelope';
import { EventMetadataSchema } from './envelope';

/** An event as a consumer receives it: EventBridge's envelope around ours. */
export interface ReceivedEvent {
  source: string;
  detailType: string;
  detail: EventEnvelope<unknown>;
}

export interface ConsumerContext {
  /** Writes of this event's effect; committed with the "already processed" marker. */
  uow: UnitOfWork;
  /** The received event's correlation id: the events this consumer publishes carry it. */
  correlationId: string;
  /** The received event's id: the cause of the events this consumer publishes. */
  causationId: string;
  /** Both, ready for `defineEvent(...).create(data, { ...trace, now })`. */
  trace: Required<Pick<EventContext, 'correlationId' | 'causationId'>>;
  /**
   * How many times the queue has delivered this message, this one included (SQS
   * `ApproximateReceiveCount`; 1 when unknown): a consumer that reports its retries (ADR 0034)
   * compares it with its subscription's `maxReceiveCount`.
   */
  receiveCount?: number;
}

/** The trace of the work a received event causes (ADR 0020). */
export function traceOf(event: ReceivedEvent): ConsumerContext['trace'] {
  return { correlationId: event.detail.metadata.correlationId, causationId: event.detail.metadata.eventId };
}

export interface ConsumerOptions {
  service: string;
  subscription: string;
  /** The service table holding the processed-event markers (resolved at first use). */
  table: () => string;
  /**
   * Handle a batch's messages one after the other (default: in parallel). For consumers whose
   * writes read each other's results (aggregates), so that a batch does not race with itself.
   */
  sequential?: boolean;
  /**
   * For consumers using optimistic concurrency (a conditional write on what they read): how many
   * times one delivery runs the handler again, from fresh reads and after a random pause, when
   * its transaction lost to a concurrent writer (`version-conflict`, `concurrent-write`). Without
   * it, writers that collide retry in step at the queue's next delivery and collide again.
   * Default 1 (no retry inside the delivery).
   */
  attemptsOnConflict?: number;
  handle(event: ReceivedEvent, context: ConsumerContext): Promise<void>;
}

class AlreadyProcessed extends Error {}

/** A transaction that lost to a concurrent writer: worth running again from fresh reads. */
export function isLostRace(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'kernel.version-conflict' || error.code === 'kernel.concurrent-write');
}

/** The key of a subscription's "already processed" marker of an event. */
const markerKey = (subscription: string, eventId: string) => ({ pk: `CONSUMED#${subscription}#${eventId}`, sk: 'CONSUMED' });

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;

/**
 * Which events of a batch this subscription has processed already, read in one BatchGetItem
 * (strongly consistent) instead of one GetItem per event: `true` processed, `false` not yet.
 * An event missing from the answer (unprocessed keys, an unreadable body, a failed read) is
 * absent from the map and read on its own when handled, as before.
 */
async function processedAmong(tableOf: () => string, subscription: string, records: SQSRecord[]): Promise<Map<string, boolean>> {
  const known = new Map<string, boolean>();
  let table: string;
  try {
    table = tableOf();
  } catch {
    return known; // each event's handling reports it
  }
  const ids = new Set<string>();
  for (const record of records) {
    try {
      const id = (JSON.parse(record.body) as { detail?: { metadata?: { eventId?: unknown } } }).detail?.metadata?.eventId;
      if (typeof id === 'string' && id) ids.add(id);
    } catch {
      // Malformed: its handling reports it.
    }
  }
  const all = [...ids];
  for (let i = 0; i < all.length; i += BATCH_GET_LIMIT) {
    const chunk = all.slice(i, i + BATCH_GET_LIMIT);
    try {
      const out = await ddb().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: chunk.map((id) => markerKey(subscription, id)), ConsistentRead: true } },
        }),
      );
      if (!out?.Responses) continue;
      const found = new Set((out.Responses[table] ?? []).map((item) => String(item.pk)));
      const unprocessed = new Set((out.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => String(key.pk)));
      for (const id of chunk) {
        const pk = markerKey(subscription, id).pk;
        if (!unprocessed.has(pk)) known.set(id, found.has(pk));
      }
    } catch {
      // Each event of the chunk is read on its own when handled.
    }
  }
  return known;
}

/** A marker left to the end of the batch, with the message it answers for. */
interface DeferredMarker {
  messageId: string;
  item: Record<string, unknown>;
}

/** BatchWriteItem writes at most 25 items per call. */
const BATCH_WRITE_LIMIT = 25;
/** Calls per chunk before the markers DynamoDB left unprocessed are given up (their messages come back). */
const BATCH_WRITE_ATTEMPTS = 4;

/**
 * Write the markers of the events whose handling wrote nothing, in BatchWriteItem calls of 25,
 * and return the messages whose marker could not be written: they are reported as failed, so the
 * queue delivers them again (their handling changes nothing; only the marker is at stake).
 */
async function writeMarkers(table: string, markers: DeferredMarker[]): Promise<string[]> {
  // One put per marker key (an event delivered twice in one batch): BatchWriteItem refuses duplicates.
  const byKey = new Map<string, { item: Record<string, unknown>; messageIds: string[] }>();
  for (const m of markers) {
    const key = String(m.item.pk);
    const entry = byKey.get(key);
    if (entry) entry.messageIds.push(m.messageId);
    else byKey.set(key, { item: m.item, messageIds: [m.messageId] });
  }
  const unique = [...byKey.values()];
  const failed: string[] = [];
  for (let i = 0; i < unique.length; i += BATCH_WRITE_LIMIT) {
    let left = unique.slice(i, i + BATCH_WRITE_LIMIT);
    try {
      for (let attempt = 1; left.length > 0 && attempt <= BATCH_WRITE_ATTEMPTS; attempt++) {
        if (attempt > 1) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
        const out = await ddb().send(
          new BatchWriteCommand({ RequestItems: { [table]: left.map((m) => ({ PutRequest: { Item: m.item } })) } }),
        );
        const unprocessed = new Set((out?.UnprocessedItems?.[table] ?? []).map((r) => String(r.PutRequest?.Item?.pk)));
        left = left.filter((m) => unprocessed.has(String(m.item.pk)));
      }
    } catch {
      // The whole chunk comes back.
    }
    failed.push(...left.flatMap((m) => m.messageIds));
  }
  return failed;
}

/** Markers outlive any redelivery: SQS keeps a message 14 days at most. */
const MARKER_RETENTION_SECONDS = 30 * 24 * 3600;

export function parseReceivedEvent(body: string): ReceivedEvent {
  const raw = JSON.parse(body) as { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
  const detail = raw.detail as { metadata?: unknown; data?: unknown } | undefined;
  const metadata = EventMetadataSchema.parse(detail?.metadata);
  if (typeof raw.source !== 'string' || typeof raw['detail-type'] !== 'string') {
    throw new Error('Message without source or detail-type');
  }
  return { source: raw.source, detailType: raw['detail-type'], detail: { metadata, data: detail?.data } };
}

/**
 * Wrap an event handler as an SQS batch Lambda: each message is handled on its own, failures
 * are reported per message (partial batch response) so only they are retried, and an event
 * already processed by this subscription is skipped — its effect and its marker are written in
 * one transaction, so a redelivery can never apply it twice.
 */
export function eventConsumer(options: ConsumerOptions) {
  const logger = createLogger(options.service);
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (
    record: SQSRecord,
    lambda: Partial<Context> | undefined,
    processed: ReadonlyMap<string, boolean>,
    deferred: DeferredMarker[],
  ): Promise<void> => {
    const event = parseReceivedEvent(record.body);
    const trace = traceOf(event);
    // Each record in its own scope: its log lines and the events it publishes carry its ids.
    return withTrace({ ...trace, lambda }, async () => {
      try {
        await handleWithRetries(
          event,
          trace,
          Number(record.attributes?.ApproximateReceiveCount ?? 1) || 1,
          processed.get(event.detail.metadata.eventId),
          (item) => deferred.push({ messageId: record.messageId, item }),
        );
      } catch (error) {
        // The cause, never the data: the error's name, and its message only for known-safe classes.
        logger.warn('Event handling failed', {
          subscription: options.subscription,
          eventId: trace.causationId,
          detailType: event.detailType,
          receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
          ...errorCause(error),
        });
        countMetric(options.service, 'ConsumerFailed');
        throw error;
      }
    });
  };

  const handleWithRetries = async (
    event: ReceivedEvent,
    trace: ConsumerContext['trace'],
    receiveCount = 1,
    processed?: boolean,
    deferMarker?: (item: Record<string, unknown>) => void,
  ): Promise<void> => {
    const attempts = Math.max(1, options.attemptsOnConflict ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        // What the batch's read said holds for the first attempt; a new attempt reads again.
        return await handleEvent(event, trace, receiveCount, attempt === 1 ? processed : undefined, deferMarker);
      } catch (error) {
        if (attempt >= attempts || !isLostRace(error)) throw error;
        logger.info('Event handling lost a race, trying again', {
          subscription: options.subscription,
          eventId: trace.causationId,
          attempt,
        });
        // Full jitter: two writers that collided do not come back at the same moment.
        await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      }
    }
  };

  const handleEvent = async (
    event: ReceivedEvent,
    trace: ConsumerContext['trace'],
    receiveCount = 1,
    processed?: boolean,
    deferMarker?: (item: Record<string, unknown>) => void,
  ): Promise<void> => {
    const { eventId } = event.detail.metadata;
    const table = options.table();
    const marker = markerKey(options.subscription, eventId);
    const seen = processed ?? Boolean((await ddb().send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }))).Item);
    if (seen) {
      logger.info('Event already processed', { subscription: options.subscription, eventId });
      return;
    }
    const uow = new UnitOfWork();
    await options.handle(event, { uow, ...trace, trace, receiveCount });
    const markerItem = {
      ...marker,
      detailType: event.detailType,
      processedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + MARKER_RETENTION_SECONDS,
    };
    if (uow.size === 0 && deferMarker) {
      // Nothing to write but the marker (an event this subscription ignores): no transaction of
      // its own; the batch's markers are written together once the batch is handled. Without
      // an effect there is nothing to apply twice: a redelivery before the marker is written
      // only runs the handling again.
      await uow.commit();
      deferMarker(markerItem);
      logger.info('Event processed', { subscription: options.subscription, eventId, detailType: event.detailType });
      return;
    }
    uow.put(table, markerItem, { expression: 'attribute_not_exists(pk)' }, () => new AlreadyProcessed());
    try {
      await uow.commit();
    } catch (error) {
      if (error instanceof AlreadyProcessed) return;
      throw error;
    }
    logger.info('Event processed', { subscription: options.subscription, eventId, detailType: event.detailType });
  };

  return async (event: SQSEvent, context?: Partial<Context>): Promise<SQSBatchResponse> =>
    invocation(
      { service: options.service, handler: options.subscription, context },
      // The batch's own lines (none today) belong to no single event: a chain id of their own.
      { correlationId: context?.awsRequestId ?? 'batch' },
      async () => {
        // The batch's markers in one read rather than one read per event (a burst of events, a
        // replay). The marker's condition at commit stays the guard: a delivery of the same event
        // running meanwhile still takes effect once.
        const processed =
          (event.Records?.length ?? 0) > 1 ? await processedAmong(options.table, options.subscription, event.Records) : new Map();
        const deferred: DeferredMarker[] = [];
        const response = await processPartialResponse(
          event,
          (record: SQSRecord) => handleRecord(record, context, processed, deferred),
          processor,
          { throwOnFullBatchFailure: false, processInParallel: !options.sequential },
        );
        if (deferred.length === 0) return response;
        const unwritten = await writeMarkers(options.table(), deferred);
        if (unwritten.length > 0) {
          logger.warn('Processed-event markers not written, their messages come back', {
            subscription: options.subscription,
            count: unwritten.length,
          });
        }
        return { batchItemFailures: [...response.batchItemFailures, ...unwritten.map((itemIdentifier) => ({ itemIdentifier }))] };
      },
    );
}
