import { CoverageSchema } from '../domain/geo.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const refreshCoverageRoute = directoryRoute({
  id: 'refreshCoverage',
  method: 'POST',
  path: '/api/coverage/refresh',
  access: COORDINATION,
  handler: handler('refresh-coverage.handler.ts'),
  summary: 'Recalculer la couverture maintenant',
  schemas: { response: CoverageSchema },
  // The commune reference missing (503).
  errorStatuses: [503],
});
