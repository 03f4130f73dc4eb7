import { scheduled } from '../../../shared/observability/invocation';
import { createLogger } from '../../../shared/observability/logger';
import { makeRefreshCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './coverage-deps';

const logger = createLogger('directory');

/** Every minute: recompute the coverage once site changes have been quiet for a minute. */
export const handler = scheduled('directory', 'coverageRefresh', async (): Promise<void> => {
  const outcome = await makeRefreshCoverage(coverageDeps()).execute({ force: false });
  if (outcome === 'computed') logger.info('Couverture recalculée après des changements de lieux');
});
