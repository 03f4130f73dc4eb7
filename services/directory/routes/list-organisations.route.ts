import { ListOrganisationsQuerySchema, OrganisationPageSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const listOrganisationsRoute = directoryRoute({
  id: 'listOrganisations',
  method: 'GET',
  path: '/api/organisations',
  access: 'authenticated',
  handler: handler('list-organisations.handler.ts'),
  summary: 'Lister les structures du réseau (filtres : type, recherche sur le nom)',
  schemas: { query: ListOrganisationsQuerySchema, response: OrganisationPageSchema },
});
