import { ListParcoursQuerySchema, ParcoursPageSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const listParcoursRoute = parcoursRoute({
  id: 'listParcours',
  method: 'GET',
  path: '/api/parcours',
  access: FIELD,
  handler: handler('list-parcours.handler.ts'),
  summary: 'Mes parcours : ceux dont je suis membre (mine=true), filtre par statut',
  schemas: { query: ListParcoursQuerySchema, response: ParcoursPageSchema },
});
