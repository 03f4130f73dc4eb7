import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { settings } from '../../../shared/config/settings';
import { appUrlNow } from '../../notifications/app-url';
import { answerAddress, answerToken } from '../domain/answer-link';
import type { OptOutList, SmsSender, SurveysSendingDeps } from '../domain/surveys.ports';
import { DevOutboxSmsSender } from '../senders/dev-outbox-sms-sender';
import { EmfMetrics } from '../senders/emf-metrics';
import { EndUserMessagingOptOutList, EndUserMessagingSmsSender } from '../senders/end-user-messaging-sms-sender';
import { surveysSettings } from '../surveys.settings';
import { surveysDeps } from './deps';
import { makeInboundSms } from './inbound-sms';

/**
 * The wiring of the functions that send an SMS (the send queue's consumer, an inbound SMS and its
 * STOP's confirmation): the service's dependencies and the sender, the carrier's
 * opt-out list, the budget's metric and the survey page's link. Its own module, so that End User
 * Messaging SMS's client is bundled in those functions alone (docs/adr/0053).
 */

let sender: SmsSender | undefined;
let optOutList: OptOutList | null | undefined;

const onAws = () => settings().RELAIS_MODE === 'aws';

/** Built once per process (module scope); the sender and the list at first use. */
export const surveysSendingDeps: SurveysSendingDeps = {
  ...surveysDeps,
  get sender() {
    if (!sender) {
      const s = surveysSettings();
      sender = onAws()
        ? new EndUserMessagingSmsSender({
            originationIdentity: s.RELAIS_SMS_ORIGINATION_IDENTITY,
            configurationSetName: s.RELAIS_SMS_CONFIGURATION_SET,
          })
        : new DevOutboxSmsSender();
    }
    return sender;
  },
  get optOutList() {
    if (optOutList === undefined) {
      const name = surveysSettings().RELAIS_SMS_OPT_OUT_LIST;
      optOutList = onAws() && name ? new EndUserMessagingOptOutList(name) : null;
    }
    return optOutList ?? undefined;
  },
  metrics: new EmfMetrics(),
  // No two-way number on the stage: each survey SMS carries its signed one-question page (ADR 0041).
  get webAnswer() {
    if (surveysSettings().RELAIS_SMS_TWO_WAY) return undefined;
    return {
      link: async (surveyId: string, expiresAt: Date) =>
        answerAddress(appUrlNow(), answerToken(surveyId, expiresAt, await loadLinkSecret())),
    };
  },
};

/** One inbound SMS, STOP included: shared by the topic handler and the local carrier's route. */
export const receiveSms = makeInboundSms(surveysSendingDeps);
