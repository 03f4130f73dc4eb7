import { tableName } from '../../../shared/config/settings';
import { eventConsumer } from '../../../shared/events/consumer';
import { createLogger } from '../../../shared/observability/logger';
import { PARCOURS } from '../owner';
import { makeErasePersonParcours } from '../use-cases/person-erased.use-cases';
import { parcoursDeps } from './deps';

const logger = createLogger('parcours');
const erase = makeErasePersonParcours(parcoursDeps);

/** Intake erased a person: their parcours go too (counts only in the log, never the id). */
export const handler = eventConsumer({
  service: PARCOURS.service,
  subscription: 'personErased',
  table: () => tableName('parcours', 'main'),
  async handle(event) {
    const outcome = await erase.execute(event);
    if (outcome.parcours) logger.info('Parcours effacés', { ...outcome });
  },
});
