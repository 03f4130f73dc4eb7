import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeRemindOverdueActions } from '../use-cases/reminders.use-cases';
import { parcoursDeps } from './deps';

const logger = createLogger('parcours');
const remind = makeRemindOverdueActions(parcoursDeps);

/** Every hour: remind the owners of overdue actions, once per action. */
export const handler = scheduled('parcours', 'overdueActions', async (): Promise<void> => {
  const outcome = await remind.execute();
  if (outcome.reminded) logger.info('Actions en retard signalées', { ...outcome });
});
