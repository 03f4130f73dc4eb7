import { IdentityRequestPageSchema, IdentityRequestsQuerySchema } from '../domain/person-details.schema';
import { FIELD, handler, intakeRoute } from './common';

export const listIdentityRequestsRoute = intakeRoute({
  id: 'listIdentityRequests',
  method: 'GET',
  path: '/api/identity-requests',
  access: FIELD,
  handler: handler('identity-requests.handler.ts'),
  summary: 'Corrections d’identité demandées par les personnes que ma structure a enregistrées, à valider',
  schemas: { query: IdentityRequestsQuerySchema, response: IdentityRequestPageSchema },
});
