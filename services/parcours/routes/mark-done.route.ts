import { ActionSchema } from '../domain/parcours.schema';
import { MarkDoneSchema, MyActionParamsSchema } from '../domain/person-space.schema';
import { handler, parcoursRoute } from './common';

export const markActionDoneRoute = parcoursRoute({
  id: 'markActionDone',
  method: 'POST',
  path: '/api/me/person/parcours/{id}/goals/{goalId}/actions/{actionId}/done',
  access: ['personne'],
  handler: handler('mark-done.handler.ts'),
  summary: 'Marquer comme faite une action dont je suis responsable (la personne)',
  schemas: { params: MyActionParamsSchema, body: MarkDoneSchema, response: ActionSchema },
});
