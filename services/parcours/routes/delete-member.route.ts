import { MemberParamsSchema, MemberSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const deleteMemberRoute = parcoursRoute({
  id: 'deleteMember',
  method: 'DELETE',
  path: '/api/parcours/{id}/members/{memberId}',
  access: FIELD,
  handler: handler('delete-member.handler.ts'),
  summary: 'Retirer un intervenant (sans motif) ; référent seulement',
  schemas: { params: MemberParamsSchema, response: MemberSchema },
});
