import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeCheckSlotShortage } from '../use-cases/slot-shortage.use-cases';
import { appointmentsDeps } from './deps';

const logger = createLogger('appointments');
const check = makeCheckSlotShortage(appointmentsDeps);

/** Every morning: the sites with no free slot in the next 10 working days, told once per shortage (see the use case). */
export const handler = scheduled('appointments', 'slotShortageDaily', async (): Promise<void> => {
  const outcome = await check.execute();
  // Counts only.
  logger.info('Manque de créneaux de rendez-vous vérifié', { ...outcome });
});
