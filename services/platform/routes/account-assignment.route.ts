import { AccountParamsSchema, AssignmentResultSchema, AssignmentSchema } from '../domain/accounts.schema';
import { platformRoute } from './common';

export const assignAccountRoute = platformRoute({
  id: 'assignAccount',
  method: 'POST',
  path: '/api/accounts/{id}/assignment',
  access: ['admin'],
  handler: 'services/platform/handlers/account-assignment.handler.ts',
  summary: 'Attribuer un rôle et une structure à un compte en attente (admin ; jamais son propre compte ; tracé)',
  schemas: { params: AccountParamsSchema, body: AssignmentSchema, response: AssignmentResultSchema },
  successStatus: 201,
  errorStatuses: [404, 409, 422],
});
