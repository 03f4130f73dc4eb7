import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SUBSCRIPTION_MAX_CONCURRENCY, type SubscriptionDecl } from '../../shared/manifest/manifest';
import type { BusEntry, EventPublisher } from '../../shared/events/relay';
import { createLogger } from '../../shared/observability/logger';
import { matchesPattern, validatePattern } from './event-pattern';

const logger = createLogger('local-bus');

type SqsHandler = (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse | undefined>;

export interface LocalSubscription {
  service: string;
  decl: SubscriptionDecl;
}

export interface DeadLetter {
  service: string;
  subscription: string;
  eventId: string;
  detailType: string;
  attempts: number;
  error: string;
}

export interface LocalBusOptions {
  repoRoot: string;
  subscriptions: LocalSubscription[];
  /** First retry delay; doubled at each attempt (SQS visibility timeout, in short). */
  retryBaseMs?: number;
  onDeadLetter?: (letter: DeadLetter, event: unknown) => Promise<void>;
}

/** At most `limit` holders at once; the others wait their turn, first come first served. */
class Slots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.busy++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy--;
    }
  }
}

/**
 * The local EventBridge: evaluates the manifests' patterns and delivers to the same consumer
 * handlers as SQS batches, retrying failed messages with backoff and recording a dead letter
 * after `maxReceiveCount` deliveries. `publish` resolves once every delivery has settled, so the
 * relay marks an event published only after its consumers had it.
 *
 * Like the SQS event source on AWS, a subscription handles up to `SUBSCRIPTION_MAX_CONCURRENCY`
 * batches at once, whichever publication they come from: a relay round carrying hundreds of
 * events (a burst of writes) is not handled one batch after another.
 */
export class LocalEventBus implements EventPublisher {
  private readonly handlers = new Map<string, SqsHandler>();
  private readonly slots = new Map<string, Slots>();
  private readonly retryBaseMs: number;

  constructor(private readonly options: LocalBusOptions) {
    for (const s of options.subscriptions) validatePattern(s.decl.pattern);
    this.retryBaseMs = options.retryBaseMs ?? 200;
  }

  private handler(sub: LocalSubscription): SqsHandler {
    const key = `${sub.service}.${sub.decl.id}`;
    let handler = this.handlers.get(key);
    if (!handler) {
      handler = (require(join(this.options.repoRoot, sub.decl.handler)) as { handler: SqsHandler }).handler;
      this.handlers.set(key, handler);
    }
    return handler;
  }

  async publish(entries: BusEntry[]): Promise<void> {
    const events = entries.map((e) => ({
      version: '0',
      id: randomUUID(),
      'detail-type': e.detailType,
      source: e.source,
      account: '000000000000',
      time: new Date().toISOString(),
      region: process.env.AWS_REGION ?? 'eu-west-3',
      resources: [],
      detail: JSON.parse(e.detail) as unknown,
    }));
    await Promise.all(
      this.options.subscriptions.map((sub) => {
        const matching = events.filter((event) => matchesPattern(sub.decl.pattern, event));
        return matching.length ? this.deliver(sub, matching) : Promise.resolve();
      }),
    );
  }

  private async deliver(sub: LocalSubscription, events: Array<Record<string, unknown>>): Promise<void> {
    const batchSize = sub.decl.batchSize ?? 10;
    const key = `${sub.service}.${sub.decl.id}`;
    let slots = this.slots.get(key);
    if (!slots) {
      slots = new Slots(SUBSCRIPTION_MAX_CONCURRENCY);
      this.slots.set(key, slots);
    }
    const batches: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
    // In order of the publication: the first batches take the free slots, the next wait for one.
    await Promise.all(batches.map((batch) => slots.run(() => this.deliverBatch(sub, batch))));
  }

  private async deliverBatch(sub: LocalSubscription, events: Array<Record<string, unknown>>): Promise<void> {
    const maxReceiveCount = sub.decl.maxReceiveCount ?? 5;
    let pending = events.map((event) => ({ messageId: randomUUID(), event, receiveCount: 0, error: '' }));
    while (pending.length > 0) {
      for (const m of pending) m.receiveCount++;
      const records: SQSRecord[] = pending.map((m) => ({
        messageId: m.messageId,
        receiptHandle: m.messageId,
        body: JSON.stringify(m.event),
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'local-bus',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${sub.service}-${sub.decl.id}`,
        awsRegion: process.env.AWS_REGION ?? 'eu-west-3',
      }));
      let failedIds: Set<string>;
      try {
        const response = await this.handler(sub)(
          { Records: records },
          { awsRequestId: randomUUID(), functionName: `${sub.service}-${sub.decl.id}` },
        );
        failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        failedIds = new Set(pending.map((m) => m.messageId));
        for (const m of pending) m.error = (error as Error).name;
      }
      const failed = pending.filter((m) => failedIds.has(m.messageId));
      const exhausted = failed.filter((m) => m.receiveCount >= maxReceiveCount);
      for (const m of exhausted) {
        const detail = m.event.detail as { metadata?: { eventId?: string } };
        const letter: DeadLetter = {
          service: sub.service,
          subscription: sub.decl.id,
          eventId: detail?.metadata?.eventId ?? 'unknown',
          detailType: String(m.event['detail-type']),
          attempts: m.receiveCount,
          error: m.error || 'batchItemFailure',
        };
        logger.error('Event sent to the dead-letter queue', { ...letter });
        await this.options.onDeadLetter?.(letter, m.event);
      }
      pending = failed.filter((m) => m.receiveCount < maxReceiveCount);
      if (pending.length > 0) {
        const attempt = pending[0]?.receiveCount ?? 1;
        const delay = Math.min(this.retryBaseMs * 2 ** (attempt - 1), 30_000);
        logger.warn('Event delivery failed, retrying', {
          subscription: `${sub.service}.${sub.decl.id}`,
          count: pending.length,
          attempt,
          delayMs: delay,
        });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
