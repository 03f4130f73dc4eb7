import { AddGoalSchema, GoalSchema, ParcoursParamsSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const addGoalRoute = parcoursRoute({
  id: 'addGoal',
  method: 'POST',
  path: '/api/parcours/{id}/goals',
  access: FIELD,
  handler: handler('add-goal.handler.ts'),
  summary: 'Ajouter un objectif au plan, avec ses actions (responsable membre, échéance)',
  schemas: { params: ParcoursParamsSchema, body: AddGoalSchema, response: GoalSchema },
  successStatus: 201,
});
