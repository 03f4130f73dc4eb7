import { httpRoute } from '../../../shared/http/route-handler';
import { getCoverageRoute } from '../routes/get-coverage.route';
import { makeGetCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './coverage-deps';

export const handler = httpRoute(getCoverageRoute, ({ correlationId }) => makeGetCoverage(coverageDeps()).execute(correlationId));
