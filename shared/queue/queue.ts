import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queueEnvName } from '../manifest/manifest';
import { errorCause } from '../observability/error-cause';
import { invocation, newCorrelationId } from '../observability/invocation';
import { createLogger } from '../observability/logger';
import { traceIds, withTrace } from '../observability/trace-context';
import { traceClient } from '../observability/tracer';

/**
 * Put a message on one of a service's work queues (manifest `queues`). On AWS the queue is fed
 * by a KMS-encrypted SNS topic with raw delivery (the topic's ARN is in the function's
 * environment): publishing to it is the one call a function needs, with the SNS client the
 * platform already ships. Locally the stack registers its in-process queues.
 */
export interface LocalQueues {
  send(service: string, queue: string, body: string): Promise<void>;
}

let local: LocalQueues | undefined;
let client: SNSClient | undefined;

export function registerLocalQueues(queues: LocalQueues | undefined): void {
  local = queues;
}

/** The trace a message carries to its consumer (ADR 0020): the sender's correlation and cause. */
const TRACE_KEY = 'relaisTrace';

export async function enqueue(service: string, queue: string, message: Record<string, unknown>): Promise<void> {
  const trace = traceIds();
  const body = JSON.stringify(trace.correlationId ? { ...message, [TRACE_KEY]: trace } : message);
  if (local) return local.send(service, queue, body);
  const env = queueEnvName(service, queue);
  const topicArn = process.env[env];
  if (!topicArn) throw new Error(`Configuration invalide : ${env} manquant (file ${service}.${queue})`);
  client ??= traceClient(new SNSClient({}));
  await client.send(new PublishCommand({ TopicArn: topicArn, Message: body }));
}

/**
 * A work queue's consumer: one message at a time in the trace its sender was in (its log lines
 * and the events it publishes keep the sender's correlation id and cause), failures reported per
 * message so only they are retried, then dead-lettered, each failure logged with its cause.
 */
export function queueConsumer(options: { service: string; queue: string; handle(message: unknown): Promise<void> }) {
  const logger = createLogger(options.service);
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord, lambda: Partial<Context> | undefined) => {
    const raw = JSON.parse(record.body) as Record<string, unknown>;
    const sent = raw[TRACE_KEY] as { correlationId?: unknown; causationId?: unknown } | undefined;
    const { [TRACE_KEY]: _trace, ...message } = raw;
    const correlationId = typeof sent?.correlationId === 'string' ? sent.correlationId : newCorrelationId();
    const causationId = typeof sent?.causationId === 'string' ? sent.causationId : undefined;
    return withTrace({ correlationId, ...(causationId ? { causationId } : {}), lambda }, async () => {
      try {
        await options.handle(message);
      } catch (error) {
        logger.warn('Queue message handling failed', {
          queue: options.queue,
          receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
          ...errorCause(error),
        });
        throw error;
      }
    });
  };
  return async (event: SQSEvent, context?: Partial<Context>): Promise<SQSBatchResponse> =>
    invocation({ service: options.service, handler: options.queue, context }, { correlationId: context?.awsRequestId ?? 'batch' }, () =>
      processPartialResponse(event, (record: SQSRecord) => handleRecord(record, context), processor, { throwOnFullBatchFailure: false }),
    );
}
