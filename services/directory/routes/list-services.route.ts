import { ListServicesQuerySchema, ServicePageSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const listServicesRoute = directoryRoute({
  id: 'listServices',
  method: 'GET',
  path: '/api/services',
  access: 'authenticated',
  handler: handler('list-services.handler.ts'),
  summary: 'Lister les services proposés (filtres : structure, thématique)',
  schemas: { query: ListServicesQuerySchema, response: ServicePageSchema },
});
