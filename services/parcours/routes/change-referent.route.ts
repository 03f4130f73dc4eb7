import { ChangeReferentSchema, ParcoursParamsSchema } from '../domain/parcours.schema';
import { handler, parcoursRoute, SOCIAL_WORKER } from './common';

export const changeReferentRoute = parcoursRoute({
  id: 'changeReferent',
  method: 'POST',
  path: '/api/parcours/{id}/referent',
  access: SOCIAL_WORKER,
  handler: handler('change-referent.handler.ts'),
  summary: 'La personne a choisi un autre référent : le nouveau (membre du parcours) prend le relais, avec le motif',
  schemas: { params: ParcoursParamsSchema, body: ChangeReferentSchema },
});
