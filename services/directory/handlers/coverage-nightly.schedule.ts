import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeRefreshCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './coverage-deps';

const logger = createLogger('directory');

/** Every night: the commune reference and the coverage, recomputed from scratch. */
export const handler = scheduled('directory', 'coverageNightly', async (): Promise<void> => {
  await makeRefreshCoverage(coverageDeps()).execute({ force: true });
  logger.info('Couverture recalculée (passage de nuit)');
});
