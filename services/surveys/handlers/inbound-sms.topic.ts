import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { createLogger } from '../../../shared/observability/logger';
import { receiveSms } from './inbound-sms';

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
  async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      let parsed: z.infer<typeof TwoWayMessageSchema>;
      try {
        parsed = TwoWayMessageSchema.parse(JSON.parse(record.Sns.Message));
      } catch {
        logger.warn('Message entrant non reconnu, ignoré', { messageId: record.Sns.MessageId });
        continue;
      }
      await receive({ from: parsed.originationNumber, body: parsed.messageBody });
    }
  };

export const handler = makeTopicHandler(receiveSms);
