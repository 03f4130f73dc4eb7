import { IdParamsSchema, ServiceViewSchema } from '../domain/directory.schema';
import { directoryRoute, handler } from './common';

export const getServiceRoute = directoryRoute({
  id: 'getService',
  method: 'GET',
  path: '/api/services/{id}',
  access: 'authenticated',
  handler: handler('get-service.handler.ts'),
  summary: 'Lire un service',
  schemas: { params: IdParamsSchema, response: ServiceViewSchema },
});
