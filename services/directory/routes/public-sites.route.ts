import { PublicSitesQuerySchema, PublicSitesSchema } from '../domain/public-map.schema';
import { directoryRoute, handler } from './common';

export const publicSitesRoute = directoryRoute({
  id: 'publicSites',
  method: 'GET',
  path: '/api/public/sites',
  access: 'public',
  handler: handler('public-sites.handler.ts'),
  summary: 'Carte publique : les lieux d’accueil inconditionnel (informations publiques seulement)',
  schemas: { query: PublicSitesQuerySchema, response: PublicSitesSchema },
});
