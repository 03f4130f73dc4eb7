import { ActionSchema, GoalParamsSchema, NewActionSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const addActionRoute = parcoursRoute({
  id: 'addAction',
  method: 'POST',
  path: '/api/parcours/{id}/goals/{goalId}/actions',
  access: FIELD,
  handler: handler('add-action.handler.ts'),
  summary: 'Ajouter une action à un objectif',
  schemas: { params: GoalParamsSchema, body: NewActionSchema, response: ActionSchema },
  successStatus: 201,
});
