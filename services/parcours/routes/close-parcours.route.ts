import { CloseParcoursSchema, ParcoursParamsSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const closeParcoursRoute = parcoursRoute({
  id: 'closeParcours',
  method: 'POST',
  path: '/api/parcours/{id}/close',
  access: FIELD,
  handler: handler('close-parcours.handler.ts'),
  summary: 'Clôturer avec le bilan : résultat par objectif, parole de la personne, motif ; référent seulement',
  schemas: { params: ParcoursParamsSchema, body: CloseParcoursSchema },
});
