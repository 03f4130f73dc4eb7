import { IdentityRequestParamsSchema, IdentityRequestSchema, RejectIdentityRequestSchema } from '../domain/person-details.schema';
import { FIELD, handler, intakeRoute } from './common';

export const rejectIdentityRequestRoute = intakeRoute({
  id: 'rejectIdentityRequest',
  method: 'POST',
  path: '/api/identity-requests/{requestId}/reject',
  access: FIELD,
  handler: handler('reject-identity-request.handler.ts'),
  summary: 'Refuser la correction d’identité demandée par la personne, en lui disant pourquoi (structure qui l’a enregistrée)',
  schemas: { params: IdentityRequestParamsSchema, body: RejectIdentityRequestSchema, response: IdentityRequestSchema },
});
