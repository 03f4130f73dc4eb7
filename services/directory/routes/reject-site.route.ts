import { IdParamsSchema, RejectSiteSchema, SiteSchema } from '../domain/directory.schema';
import { COORDINATION, directoryRoute, handler } from './common';

export const rejectSiteRoute = directoryRoute({
  id: 'rejectSite',
  method: 'POST',
  path: '/api/sites/{id}/reject',
  access: COORDINATION,
  handler: handler('reject-site.handler.ts'),
  summary: 'Refuser la publication d’un lieu sur la carte publique, avec la raison lue par le partenaire',
  schemas: { params: IdParamsSchema, body: RejectSiteSchema, response: SiteSchema },
});
