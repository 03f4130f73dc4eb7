import type { DeliveryStatus } from '../domain/survey';
import type { SurveysDeps } from '../domain/surveys.ports';

/**
 * The carrier's delivery event types (AWS End User Messaging SMS, configuration set event
 * destination) mapped to a survey's delivery status. Intermediate events (queued, pending) and
 * anything unknown change nothing.
 */
export const DELIVERY_OUTCOMES: Readonly<Record<string, DeliveryStatus>> = {
  TEXT_DELIVERED: 'delivered',
  TEXT_SUCCESSFUL: 'delivered',
  TEXT_BLOCKED: 'failed',
  TEXT_CARRIER_BLOCKED: 'failed',
  TEXT_CARRIER_UNREACHABLE: 'failed',
  TEXT_INVALID: 'failed',
  TEXT_INVALID_MESSAGE: 'failed',
  TEXT_SPAM: 'failed',
  TEXT_TTL_EXPIRED: 'failed',
  TEXT_UNREACHABLE: 'failed',
  TEXT_UNKNOWN: 'failed',
};

export type DeliveryOutcome = 'recorded' | 'unchanged' | 'ignored';

/**
 * A delivery event about a survey SMS (ADR 0035). Primary course: the event names the survey
 * (the `surveyId` the sender put in the message's context) and a final outcome → the survey's
 * delivery status becomes `delivered` or `failed`. Idempotent: the same event again, or a failure
 * after a delivery, changes nothing. An event without a survey (the opt-out confirmation) is
 * ignored.
 */
export function makeRecordDelivery(deps: Pick<SurveysDeps, 'repository'>) {
  return {
    async execute(input: { surveyId?: string; eventType: string; at: Date }): Promise<DeliveryOutcome> {
      const status = DELIVERY_OUTCOMES[input.eventType];
      if (!input.surveyId || !status) return 'ignored';
      return (await deps.repository.recordDelivery(input.surveyId, status, input.at)) ? 'recorded' : 'unchanged';
    },
  };
}
