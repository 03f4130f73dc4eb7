import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeComputeCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './geo-deps';

export const handler = httpRoute(directoryService, 'refreshCoverage', ({ correlationId }) =>
  makeComputeCoverage(coverageDeps()).execute(correlationId),
);
