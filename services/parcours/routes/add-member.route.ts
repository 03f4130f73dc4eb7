import { AddMemberSchema, MemberSchema, ParcoursParamsSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const addMemberRoute = parcoursRoute({
  id: 'addMember',
  method: 'POST',
  path: '/api/parcours/{id}/members',
  access: FIELD,
  handler: handler('add-member.handler.ts'),
  summary: 'Ajouter un intervenant (utilisateur de Relais ou professionnel extérieur) ; référent seulement',
  schemas: { params: ParcoursParamsSchema, body: AddMemberSchema, response: MemberSchema },
  successStatus: 201,
  // The member's account is checked in the staff pool: this route's function alone may read it.
  reads: ['accounts'],
});
