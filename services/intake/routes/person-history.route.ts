import { HistorySchema } from '../domain/history.schema';
import { HistoryQuerySchema, PersonParamsSchema } from '../domain/person.schema';
import { FIELD, handler, intakeRoute } from './common';

export const personHistoryRoute = intakeRoute({
  id: 'personHistory',
  method: 'GET',
  path: '/api/persons/{id}/history',
  access: FIELD,
  handler: handler('person-history.handler.ts'),
  summary: 'Historique d’une personne (accueils, orientations, professionnels) ; restreint sans son consentement au partage',
  schemas: { params: PersonParamsSchema, query: HistoryQuerySchema, response: HistorySchema },
});
