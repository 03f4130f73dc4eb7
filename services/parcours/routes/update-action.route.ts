import { ActionParamsSchema, ActionSchema, UpdateActionSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const updateActionRoute = parcoursRoute({
  id: 'updateAction',
  method: 'PATCH',
  path: '/api/parcours/{id}/goals/{goalId}/actions/{actionId}',
  access: FIELD,
  handler: handler('update-action.handler.ts'),
  summary: 'Modifier une action (statut, libellé, responsable, échéance) ; 409 si la version est périmée',
  schemas: { params: ActionParamsSchema, body: UpdateActionSchema, response: ActionSchema },
});
