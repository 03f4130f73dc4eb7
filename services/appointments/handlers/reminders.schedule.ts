import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeSendDueReminders } from '../use-cases/reminders.use-cases';
import { bookingLinkDeps } from './deps';

const logger = createLogger('appointments');
const reminders = makeSendDueReminders(bookingLinkDeps);

/** Every 5 minutes: the persons' messages about their appointments that are due (see the use case). */
export const handler = scheduled('appointments', 'reminders', async (): Promise<void> => {
  const outcome = await reminders.execute();
  if (outcome.overBudget) logger.warn('Budget mensuel des messages de rendez-vous dépassé : rappels non envoyés', { ...outcome });
  else if (outcome.sent || outcome.dropped) logger.info('Rappels de rendez-vous traités', { ...outcome });
});
