import { enqueue } from '../../../shared/queue/queue';
import type { SurveysDeps } from '../domain/surveys.ports';
import { surveysDeps } from './deps';

/**
 * The wiring of the schedule that puts due surveys on the send queue: the service's
 * dependencies and the queue (an SNS publish on AWS). Its own module, so that the SNS client is
 * bundled in that function alone (docs/adr/0053).
 */
export const surveysDispatchDeps: Pick<SurveysDeps, 'repository' | 'clock' | 'enqueueSend'> = {
  ...surveysDeps,
  enqueueSend: (surveyId) => enqueue('surveys', 'smsSend', { surveyId }),
};
