import { newId } from '../../../shared/validation/common.schema';
import type { SurveysCoreDeps } from '../domain/surveys.ports';
import { loadPhoneHashSecret } from '../phone-secret';
import { DynamoSurveysRepository } from '../store/surveys.repository';
import { surveysSettings } from '../surveys.settings';

/**
 * Production wiring, built once per process (module scope): what every surveys function uses.
 * No SMS sender, opt-out list or send queue here: the functions that send take
 * `sending.deps.ts`, the schedule that fills the queue `dispatch.deps.ts`, so the others do not
 * bundle their AWS clients (docs/adr/0053).
 */
export const surveysDeps: SurveysCoreDeps = {
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
};
