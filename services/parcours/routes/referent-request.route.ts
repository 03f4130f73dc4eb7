import { MyParcoursParamsSchema, PersonRequestSchema, ReferentRequestSchema } from '../domain/person-space.schema';
import { handler, parcoursRoute } from './common';

export const askReferentRoute = parcoursRoute({
  id: 'askReferent',
  method: 'POST',
  path: '/api/me/person/parcours/{id}/referent-requests',
  access: ['personne'],
  handler: handler('referent-request.handler.ts'),
  summary: 'Demander un autre référent : mon référent et la coordination du réseau voient la demande (la personne)',
  schemas: { params: MyParcoursParamsSchema, body: ReferentRequestSchema, response: PersonRequestSchema },
  successStatus: 201,
});
