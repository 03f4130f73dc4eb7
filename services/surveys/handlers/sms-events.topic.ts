import type { Context, SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { invocation } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { withTrace } from '../../../shared/observability/trace-context';
import { type DeliveryOutcome, makeRecordDelivery } from '../use-cases/delivery.use-cases';
import { surveysDeps } from './deps';

const logger = createLogger('surveys');

/**
 * What the configuration set's event destination publishes (AWS End User Messaging SMS, « SMS
 * event » format): only the fields Relais reads. `context` is what the sender passed to
 * SendTextMessage (`surveyId`, `kind`); the numbers in the event are never read nor logged.
 */
const DeliveryEventSchema = z.object({
  eventType: z.string(),
  eventTimestamp: z.number().optional(),
  messageId: z.string().optional(),
  context: z.record(z.string(), z.string()).optional(),
});

/**
 * Delivery events of the survey SMS (AWS): the `smsEvents` topic invokes this function. An event
 * that is not one is dropped (logged without content); a failure throws and Lambda's
 * asynchronous retries apply (recording is idempotent).
 */
export const makeSmsEventsHandler =
  (record: (input: { surveyId?: string; eventType: string; at: Date }) => Promise<DeliveryOutcome>) =>
  async (event: SNSEvent, context?: Partial<Context>): Promise<void> =>
    invocation(
      { service: 'surveys', handler: 'smsDelivery', context },
      { correlationId: context?.awsRequestId ?? 'sms-events' },
      async () => {
        for (const item of event.Records) {
          const messageId = item.Sns.MessageId;
          await withTrace({ correlationId: messageId, causationId: messageId, lambda: context }, async () => {
            let parsed: z.infer<typeof DeliveryEventSchema>;
            try {
              parsed = DeliveryEventSchema.parse(JSON.parse(item.Sns.Message));
            } catch {
              logger.warn('Événement de remise SMS non reconnu, ignoré', { messageId });
              return;
            }
            const at = new Date(parsed.eventTimestamp ?? (Date.parse(item.Sns.Timestamp) || Date.now()));
            const outcome = await record({ surveyId: parsed.context?.surveyId, eventType: parsed.eventType, at });
            logger.info('Remise SMS', { eventType: parsed.eventType, outcome });
          });
        }
      },
    );

const recordDelivery = makeRecordDelivery(surveysDeps);
export const handler = makeSmsEventsHandler((input) => recordDelivery.execute(input));
