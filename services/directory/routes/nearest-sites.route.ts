import { NearestQuerySchema, NearestSchema } from '../domain/nearest.schema';
import { directoryRoute, handler } from './common';

export const nearestSitesRoute = directoryRoute({
  id: 'nearestSites',
  method: 'GET',
  path: '/api/sites/nearest',
  access: 'authenticated',
  handler: handler('nearest-sites.handler.ts'),
  summary: "Les lieux d'accueil les plus proches d'une commune ou d'un point, par temps de trajet",
  schemas: { query: NearestQuerySchema, response: NearestSchema },
  // An unknown commune (404); the commune reference missing (503).
  errorStatuses: [404, 503],
});
