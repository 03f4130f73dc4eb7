import { ListSitesQuerySchema, SitePageSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const listSitesRoute = directoryRoute({
  id: 'listSites',
  method: 'GET',
  path: '/api/sites',
  access: 'authenticated',
  handler: handler('list-sites.handler.ts'),
  summary: "Lister les lieux d'accueil (filtres : commune, thématique, accueil inconditionnel, structure)",
  schemas: { query: ListSitesQuerySchema, response: SitePageSchema },
});
