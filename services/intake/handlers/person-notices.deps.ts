import { countMetric } from '../../../shared/observability/metrics';
import { surveysSettings } from '../../surveys/surveys.settings';
import { intakeSettings } from '../intake.settings';
import { DynamoPersonNoticeStore } from '../store/person-notices.store';
import type { PersonNoticeDeps } from '../use-cases/person-notices.use-cases';
import { intakeDeps } from './deps';

/** Production wiring of the person's referral notices (ADR 0033), read once per process. */
export const personNoticeDeps: PersonNoticeDeps = {
  repository: intakeDeps.repository,
  store: new DynamoPersonNoticeStore(),
  clock: intakeDeps.clock,
  rules() {
    // The platform's SMS quiet hours and days (rule 7) are the surveys' settings: one rule for every SMS to a person.
    const sms = surveysSettings();
    return {
      quietHours: sms.RELAIS_SMS_QUIET_HOURS,
      quietDays: sms.RELAIS_SMS_QUIET_DAYS,
      monthlyBudget: intakeSettings().RELAIS_PERSON_NOTICE_MONTHLY_BUDGET,
    };
  },
  overBudget: () => countMetric('intake', 'PersonNoticeOverBudget'),
};
