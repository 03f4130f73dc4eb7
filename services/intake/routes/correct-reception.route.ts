import { CorrectReceptionSchema, ReceptionParamsSchema, ReceptionSchema } from '../domain/reception.schema';
import { FIELD, handler, intakeRoute } from './common';

export const correctReceptionRoute = intakeRoute({
  id: 'correctReception',
  method: 'PATCH',
  path: '/api/receptions/{id}',
  access: FIELD,
  handler: handler('correct-reception.handler.ts'),
  summary: 'Corriger un accueil (lieu, mode, thèmes, résumé), avec le motif (structure qui l’a enregistré)',
  schemas: { params: ReceptionParamsSchema, body: CorrectReceptionSchema, response: ReceptionSchema },
});
