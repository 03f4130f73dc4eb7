import { CoverageSchema } from '../domain/geo.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const getCoverageRoute = directoryRoute({
  id: 'getCoverage',
  method: 'GET',
  path: '/api/coverage',
  access: COORDINATION,
  handler: handler('get-coverage.handler.ts'),
  summary:
    'Couverture : minutes jusqu’au lieu d’accueil inconditionnel le plus proche, par commune, et part de la population à moins de 30 minutes',
  schemas: { response: CoverageSchema },
  // The commune reference missing (503).
  errorStatuses: [503],
});
