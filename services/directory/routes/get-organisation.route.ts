import { IdParamsSchema, OrganisationSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const getOrganisationRoute = directoryRoute({
  id: 'getOrganisation',
  method: 'GET',
  path: '/api/organisations/{id}',
  access: 'authenticated',
  handler: handler('get-organisation.handler.ts'),
  summary: 'Lire une structure',
  schemas: { params: IdParamsSchema, response: OrganisationSchema },
});
