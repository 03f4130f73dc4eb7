import { MyParcoursParamsSchema, PersonRequestSchema, ProposeGoalSchema } from '../domain/person-space.schema';
import { handler, parcoursRoute } from './common';

export const proposeGoalRoute = parcoursRoute({
  id: 'proposeGoal',
  method: 'POST',
  path: '/api/me/person/parcours/{id}/goal-proposals',
  access: ['personne'],
  handler: handler('propose-goal.handler.ts'),
  summary: 'Proposer un objectif à mon référent (la personne)',
  schemas: { params: MyParcoursParamsSchema, body: ProposeGoalSchema, response: PersonRequestSchema },
  successStatus: 201,
});
