import { settings } from '../../../shared/config/settings';
import { enqueue } from '../../../shared/queue/queue';
import { newId } from '../../../shared/validation/common.schema';
import type { SmsSender, SurveysDeps } from '../domain/surveys.ports';
import { loadPhoneHashSecret } from '../phone-secret';
import { DevOutboxSmsSender } from '../senders/dev-outbox-sms-sender';
import { EmfMetrics } from '../senders/emf-metrics';
import { SnsSmsSender } from '../senders/sns-sms-sender';
import { DynamoSurveysRepository } from '../store/surveys.repository';
import { surveysSettings } from '../surveys.settings';

let sender: SmsSender | undefined;

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
    sender ??= settings().RELAIS_MODE === 'aws' ? new SnsSmsSender() : new DevOutboxSmsSender();
    return sender;
  },
  metrics: new EmfMetrics(),
  enqueueSend: (surveyId) => enqueue('surveys', 'smsSend', { surveyId }),
};
