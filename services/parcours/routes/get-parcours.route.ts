import { ParcoursParamsSchema, ParcoursViewSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const getParcoursRoute = parcoursRoute({
  id: 'getParcours',
  method: 'GET',
  path: '/api/parcours/{id}',
  access: FIELD,
  handler: handler('get-parcours.handler.ts'),
  summary: 'Lire un parcours : plan, instances, journal, membres (membres seulement)',
  schemas: { params: ParcoursParamsSchema, response: ParcoursViewSchema },
});
