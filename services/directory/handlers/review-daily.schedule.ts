import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeRunReviews } from '../use-cases/review.use-cases';
import { directoryDeps } from './deps';

const logger = createLogger('directory');

/** Every morning: ask partners to check their entries due for review, remind, close what expired. */
export const handler = scheduled('directory', 'reviewDaily', async (): Promise<void> => {
  const report = await makeRunReviews(directoryDeps).execute();
  // Counts only: no name, no address.
  logger.info('Vérification des fiches de l’annuaire', { ...report });
});
