import { PublicNearestQuerySchema, PublicNearestSchema } from '../domain/public-map.schema';
import { directoryRoute, handler } from './common';

export const publicNearestRoute = directoryRoute({
  id: 'publicNearest',
  method: 'GET',
  path: '/api/public/sites/nearest',
  access: 'public',
  handler: handler('public-nearest.handler.ts'),
  summary: 'Carte publique : les lieux d’accueil les plus proches d’une commune',
  schemas: { query: PublicNearestQuerySchema, response: PublicNearestSchema },
  // An unknown commune (404); the commune reference missing (503).
  errorStatuses: [404, 503],
});
