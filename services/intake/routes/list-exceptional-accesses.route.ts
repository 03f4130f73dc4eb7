import { ExceptionalAccessPageSchema, ListExceptionalAccessesQuerySchema } from '../domain/exceptional-access.schema';
import { handler, intakeRoute } from './common';

export const listExceptionalAccessesRoute = intakeRoute({
  id: 'listExceptionalAccesses',
  method: 'GET',
  path: '/api/exceptional-accesses',
  access: ['pilote', 'admin'],
  handler: handler('list-exceptional-accesses.handler.ts'),
  summary: 'Les accès exceptionnels ouverts depuis une date, du plus récent au plus ancien (pilote, admin)',
  schemas: { query: ListExceptionalAccessesQuerySchema, response: ExceptionalAccessPageSchema },
});
