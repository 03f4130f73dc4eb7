import { CreateReceptionSchema, ReceptionSchema } from '../domain/reception.schema';
import { FIELD, handler, intakeRoute } from './common';

export const recordReceptionRoute = intakeRoute({
  id: 'recordReception',
  method: 'POST',
  path: '/api/receptions',
  access: FIELD,
  handler: handler('record-reception.handler.ts'),
  summary: 'Enregistrer un accueil (sur place, téléphone, visite à domicile, visio, courrier), nominatif ou anonyme',
  schemas: { body: CreateReceptionSchema, response: ReceptionSchema },
  successStatus: 201,
});
