import { ListReceptionsQuerySchema, ReceptionPageSchema } from '../domain/reception.schema';
import { FIELD, handler, intakeRoute } from './common';

export const listReceptionsRoute = intakeRoute({
  id: 'listReceptions',
  method: 'GET',
  path: '/api/receptions',
  access: FIELD,
  handler: handler('list-receptions.handler.ts'),
  summary: 'Les accueils de ma structure (ou d’un de ses lieux) entre deux dates, du plus récent au plus ancien',
  schemas: { query: ListReceptionsQuerySchema, response: ReceptionPageSchema },
});
