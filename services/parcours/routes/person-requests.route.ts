import { ParcoursParamsSchema } from '../domain/parcours.schema';
import { PersonRequestListSchema } from '../domain/person-space.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const listPersonRequestsRoute = parcoursRoute({
  id: 'listPersonRequests',
  method: 'GET',
  path: '/api/parcours/{id}/person-requests',
  access: FIELD,
  handler: handler('person-requests.handler.ts'),
  summary: 'Les demandes de la personne : objectifs proposés, son avis avant une réunion, demande d’un autre référent (membres)',
  schemas: { params: ParcoursParamsSchema, response: PersonRequestListSchema },
});
