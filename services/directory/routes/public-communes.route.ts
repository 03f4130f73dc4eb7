import { CommuneSearchQuerySchema, CommuneSearchSchema } from '../domain/public-map.schema';
import { directoryRoute, handler } from './common';

export const publicCommunesRoute = directoryRoute({
  id: 'publicCommunes',
  method: 'GET',
  path: '/api/public/communes',
  access: 'public',
  handler: handler('public-communes.handler.ts'),
  summary: 'Carte publique : recherche d’une commune du département par son nom ou son code postal',
  schemas: { query: CommuneSearchQuerySchema, response: CommuneSearchSchema },
  // The commune list not loaded yet (503).
  errorStatuses: [503],
});
