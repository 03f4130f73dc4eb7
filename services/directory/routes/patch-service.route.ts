import { IdParamsSchema, PatchServiceSchema, ServiceViewSchema } from '../domain/directory.schema';
import { directoryRoute, EDITORS, handler } from './common';

export const patchServiceRoute = directoryRoute({
  id: 'patchService',
  method: 'PATCH',
  path: '/api/services/{id}',
  access: EDITORS,
  handler: handler('patch-service.handler.ts'),
  summary: 'Modifier un service (un partenaire : les siens seulement)',
  schemas: { params: IdParamsSchema, body: PatchServiceSchema, response: ServiceViewSchema },
});
