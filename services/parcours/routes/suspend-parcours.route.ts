import { ParcoursParamsSchema, SuspendSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute, StatusSchema } from './common';

export const suspendParcoursRoute = parcoursRoute({
  id: 'suspendParcours',
  method: 'POST',
  path: '/api/parcours/{id}/suspend',
  access: FIELD,
  handler: handler('suspend-parcours.handler.ts'),
  summary: 'Suspendre le parcours, avec le motif ; référent seulement',
  schemas: { params: ParcoursParamsSchema, body: SuspendSchema, response: StatusSchema },
});
