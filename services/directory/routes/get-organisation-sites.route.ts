import { PageQuerySchema } from '../../../shared/validation/common.schema';
import { IdParamsSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const getOrganisationSitesRoute = directoryRoute({
  id: 'getOrganisationSites',
  method: 'GET',
  path: '/api/organisations/{id}/sites',
  access: 'authenticated',
  handler: handler('get-organisation-sites.handler.ts'),
  summary: "Lieux d'une structure",
  schemas: { params: IdParamsSchema, query: PageQuerySchema.strict() },
});
