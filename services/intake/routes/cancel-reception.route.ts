import { CancelReceptionSchema, ReceptionParamsSchema, ReceptionSchema } from '../domain/reception.schema';
import { FIELD, handler, intakeRoute } from './common';

export const cancelReceptionRoute = intakeRoute({
  id: 'cancelReception',
  method: 'POST',
  path: '/api/receptions/{id}/cancel',
  access: FIELD,
  handler: handler('cancel-reception.handler.ts'),
  summary: 'Annuler un accueil enregistré par erreur, avec le motif : il sort de tous les comptes et reste dans le journal',
  schemas: { params: ReceptionParamsSchema, body: CancelReceptionSchema, response: ReceptionSchema },
});
