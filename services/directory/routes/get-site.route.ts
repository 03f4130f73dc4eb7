import { IdParamsSchema, SiteSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const getSiteRoute = directoryRoute({
  id: 'getSite',
  method: 'GET',
  path: '/api/sites/{id}',
  access: 'authenticated',
  handler: handler('get-site.handler.ts'),
  summary: "Lire un lieu d'accueil",
  schemas: { params: IdParamsSchema, response: SiteSchema },
});
