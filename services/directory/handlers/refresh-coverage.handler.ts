import { httpRoute } from '../../../shared/http/route-handler';
import { refreshCoverageRoute } from '../routes/refresh-coverage.route';
import { makeComputeCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './coverage-deps';

export const handler = httpRoute(refreshCoverageRoute, ({ correlationId }) => makeComputeCoverage(coverageDeps()).execute(correlationId));
