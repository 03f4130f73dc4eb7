import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeDispatchDueSurveys } from '../use-cases/sending.use-cases';
import { surveysDispatchDeps } from './dispatch.deps';

const logger = createLogger('surveys');
const dispatch = makeDispatchDueSurveys(surveysDispatchDeps);

/** Every minute: due surveys go to the send queue. */
export const handler = scheduled('surveys', 'dispatchDue', async (): Promise<void> => {
  const { queued } = await dispatch.execute();
  if (queued) logger.info('Enquêtes mises en file d’envoi', { queued });
});
