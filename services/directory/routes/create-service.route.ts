import { CreateServiceSchema, ServiceViewSchema } from '../domain/directory.schema';
import { directoryRoute, EDITORS, handler } from './common';

export const createServiceRoute = directoryRoute({
  id: 'createService',
  method: 'POST',
  path: '/api/services',
  access: EDITORS,
  handler: handler('create-service.handler.ts'),
  summary: 'Décrire un service (modèle data·inclusion ; un partenaire : pour sa structure seulement)',
  schemas: { body: CreateServiceSchema, response: ServiceViewSchema },
  successStatus: 201,
});
