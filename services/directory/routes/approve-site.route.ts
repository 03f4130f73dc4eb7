import { IdParamsSchema, SiteSchema } from '../domain/directory.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const approveSiteRoute = directoryRoute({
  id: 'approveSite',
  method: 'POST',
  path: '/api/sites/{id}/approve',
  access: COORDINATION,
  handler: handler('approve-site.handler.ts'),
  summary: 'Approuver la publication d’un lieu sur la carte publique (proposé par un partenaire)',
  schemas: { params: IdParamsSchema, response: SiteSchema },
});
