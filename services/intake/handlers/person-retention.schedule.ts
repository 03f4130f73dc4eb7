import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeEraseInactivePersons } from '../use-cases/retention.use-cases';
import { intakeDeps } from './deps';

const logger = createLogger('intake');
const retention = makeEraseInactivePersons(intakeDeps);

/** Every night: erase the persons without activity for the retention period (rule 6). Counts only in the log. */
export const handler = scheduled('intake', 'personRetention', async (): Promise<void> => {
  const outcome = await retention.execute();
  if (outcome.erased || outcome.postponed) logger.info('Durée de conservation appliquée', { ...outcome });
});
