import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueDecl } from '../../shared/manifest/manifest';
import type { LocalQueues } from '../../shared/queue/queue';
import { createLogger } from '../../shared/observability/logger';

const logger = createLogger('local-queues');

type SqsHandler = (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse | undefined>;

export interface LocalQueue {
  service: string;
  decl: QueueDecl;
}

export interface QueueDeadLetter {
  service: string;
  queue: string;
  attempts: number;
  error: string;
}

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  notBefore: number;
  error: string;
}

export interface LocalQueueOptions {
  repoRoot: string;
  queues: LocalQueue[];
  /** First retry delay; doubled at each attempt (SQS visibility timeout, in short). */
  retryBaseMs?: number;
  onDeadLetter?: (letter: QueueDeadLetter, body: string) => Promise<void>;
}

/**
 * The manifests' work queues on one machine: messages are handed to the same SQS batch handler
 * as on AWS, one batch at a time per queue (the strictest form of the AWS concurrency limit),
 * failed messages retried with backoff and dead-lettered after `maxReceiveCount` deliveries.
 */
export class LocalQueueRunner implements LocalQueues {
  private readonly pending = new Map<string, Message[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly handlers = new Map<string, SqsHandler>();
  private readonly retryBaseMs: number;
  private stopped = false;

  constructor(private readonly options: LocalQueueOptions) {
    this.retryBaseMs = options.retryBaseMs ?? 200;
  }

  private find(service: string, queue: string): LocalQueue {
    const found = this.options.queues.find((q) => q.service === service && q.decl.id === queue);
    if (!found) throw new Error(`Unknown queue ${service}.${queue}`);
    return found;
  }

  async send(service: string, queue: string, body: string): Promise<void> {
    const q = this.find(service, queue);
    const key = `${service}.${queue}`;
    const list = this.pending.get(key) ?? [];
    list.push({ messageId: randomUUID(), body, receiveCount: 0, notBefore: 0, error: '' });
    this.pending.set(key, list);
    this.kick(q);
  }

  /** Drains a queue unless it is being drained; a message that arrived as a drain ended starts another. */
  private kick(q: LocalQueue): void {
    const key = `${q.service}.${q.decl.id}`;
    if (this.running.has(key) || this.stopped) return;
    const run = this.drain(q).finally(() => {
      this.running.delete(key);
      if ((this.pending.get(key)?.length ?? 0) > 0) this.kick(q);
    });
    this.running.set(key, run);
  }

  /** Resolves once every queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  private handler(q: LocalQueue): SqsHandler {
    const key = `${q.service}.${q.decl.id}`;
    let handler = this.handlers.get(key);
    if (!handler) {
      handler = (require(join(this.options.repoRoot, q.decl.handler)) as { handler: SqsHandler }).handler;
      this.handlers.set(key, handler);
    }
    return handler;
  }

  private async drain(q: LocalQueue): Promise<void> {
    const key = `${q.service}.${q.decl.id}`;
    const maxReceiveCount = q.decl.maxReceiveCount ?? 5;
    const batchSize = q.decl.batchSize ?? 10;
    for (;;) {
      if (this.stopped) return;
      const list = this.pending.get(key) ?? [];
      if (list.length === 0) return;
      const now = Date.now();
      const ready = list.filter((m) => m.notBefore <= now).slice(0, batchSize);
      if (ready.length === 0) {
        const wait = Math.max(1, Math.min(...list.map((m) => m.notBefore)) - now);
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      this.pending.set(
        key,
        list.filter((m) => !ready.includes(m)),
      );
      for (const m of ready) m.receiveCount++;
      const records: SQSRecord[] = ready.map((m) => ({
        messageId: m.messageId,
        receiptHandle: m.messageId,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(now),
          SenderId: 'local-queue',
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${q.service}-${q.decl.id}`,
        awsRegion: process.env.AWS_REGION ?? 'eu-west-3',
      }));
      let failedIds: Set<string>;
      try {
        const response = await this.handler(q)(
          { Records: records },
          { awsRequestId: randomUUID(), functionName: `${q.service}-${q.decl.id}` },
        );
        failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        failedIds = new Set(ready.map((m) => m.messageId));
        for (const m of ready) m.error = (error as Error).name;
      }
      for (const m of ready.filter((r) => failedIds.has(r.messageId))) {
        if (m.receiveCount >= maxReceiveCount) {
          const letter = { service: q.service, queue: q.decl.id, attempts: m.receiveCount, error: m.error || 'batchItemFailure' };
          logger.error('Queue message sent to the dead-letter queue', { ...letter });
          await this.options.onDeadLetter?.(letter, m.body);
        } else {
          m.notBefore = Date.now() + Math.min(this.retryBaseMs * 2 ** (m.receiveCount - 1), 30_000);
          logger.warn('Queue message failed, retrying', { queue: key, attempt: m.receiveCount });
          this.pending.get(key)?.push(m);
        }
      }
    }
  }
}
