import type { Context, SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { invocation } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { withTrace } from '../../../shared/observability/trace-context';
import { receiveSms } from './sending.deps';

const logger = createLogger('surveys');

/** What AWS End User Messaging (two-way SMS) publishes to the inbound topic. */
const TwoWayMessageSchema = z.object({
  originationNumber: z.string(),
  messageBody: z.string(),
});

/**
 * Replies to the surveys (AWS): the two-way SMS number delivers each message to the inbound
 * topic, which invokes this function. A message that is not an SMS is dropped (logged without
 * content); a failure throws, and Lambda's asynchronous retries apply.
 */
export const makeTopicHandler =
  (receive: (input: { from: string; body: string }) => Promise<unknown>) =>
  async (event: SNSEvent, context?: Partial<Context>): Promise<void> =>
    invocation({ service: 'surveys', handler: 'inboundSms', context }, { correlationId: context?.awsRequestId ?? 'inbound' }, async () => {
      for (const record of event.Records) {
        // Each reply starts a chain (ADR 0020): the carrier's message id is its correlation and its cause.
        const messageId = record.Sns.MessageId;
        await withTrace({ correlationId: messageId, causationId: messageId, lambda: context }, async () => {
          let parsed: z.infer<typeof TwoWayMessageSchema>;
          try {
            parsed = TwoWayMessageSchema.parse(JSON.parse(record.Sns.Message));
          } catch {
            logger.warn('Message entrant non reconnu, ignoré', { messageId });
            return;
          }
          await receive({ from: parsed.originationNumber, body: parsed.messageBody });
        });
      }
    });

export const handler = makeTopicHandler(receiveSms);
