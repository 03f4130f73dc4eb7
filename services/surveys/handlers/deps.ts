import { loadLinkSecret } from '../../../shared/auth/link-secret';
import { settings } from '../../../shared/config/settings';
import { appUrlNow } from '../../notifications/app-url';
import { answerAddress, answerToken } from '../domain/answer-link';
import { enqueue } from '../../../shared/queue/queue';
import { newId } from '../../../shared/validation/common.schema';
import type { OptOutList, SmsSender, SurveysDeps } from '../domain/surveys.ports';
import { loadPhoneHashSecret } from '../phone-secret';
import { DevOutboxSmsSender } from '../senders/dev-outbox-sms-sender';
import { EmfMetrics } from '../senders/emf-metrics';
import { EndUserMessagingOptOutList, EndUserMessagingSmsSender } from '../senders/end-user-messaging-sms-sender';
import { DynamoSurveysRepository } from '../store/surveys.repository';
import { surveysSettings } from '../surveys.settings';

let sender: SmsSender | undefined;
let optOutList: OptOutList | null | undefined;

const onAws = () => settings().RELAIS_MODE === 'aws';

/** Production wiring, built once per process (module scope). */
export const surveysDeps: SurveysDeps = {
  repository: new DynamoSurveysRepository(),
  clock: { now: () => new Date() },
  newId,
  phoneSecret: loadPhoneHashSecret,
  rules() {
    const s = surveysSettings();
    return {
      delayMinutes: s.RELAIS_SURVEY_DELAY_MINUTES,
      quietHours: s.RELAIS_SMS_QUIET_HOURS,
      quietDays: s.RELAIS_SMS_QUIET_DAYS,
      monthlyBudget: s.RELAIS_SMS_MONTHLY_BUDGET,
    };
  },
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
  enqueueSend: (surveyId) => enqueue('surveys', 'smsSend', { surveyId }),
};
