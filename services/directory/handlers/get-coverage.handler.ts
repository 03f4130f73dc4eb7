import { httpRoute } from '../../../shared/http/route-handler';
import { directoryService } from '../service';
import { makeGetCoverage } from '../use-cases/coverage.use-cases';
import { coverageDeps } from './geo-deps';

export const handler = httpRoute(directoryService, 'getCoverage', ({ correlationId }) =>
  makeGetCoverage(coverageDeps()).execute(correlationId),
);
