import { MemberParamsSchema, MemberSchema, RemoveMemberSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const removeMemberRoute = parcoursRoute({
  id: 'removeMember',
  method: 'POST',
  path: '/api/parcours/{id}/members/{memberId}/remove',
  access: FIELD,
  handler: handler('remove-member.handler.ts'),
  summary: 'Retirer un intervenant, avec le motif ; référent seulement',
  schemas: { params: MemberParamsSchema, body: RemoveMemberSchema, response: MemberSchema },
});
