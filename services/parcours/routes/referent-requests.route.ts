import { ReferentRequestPageSchema, ReferentRequestsQuerySchema } from '../domain/person-space.schema';
import { COORDINATION, handler, parcoursRoute } from './common';

export const listReferentRequestsRoute = parcoursRoute({
  id: 'listReferentRequests',
  method: 'GET',
  path: '/api/referent-requests',
  access: COORDINATION,
  handler: handler('referent-requests.handler.ts'),
  summary: 'Les demandes de changement de référent faites par les personnes, les plus récentes d’abord (pilote, admin)',
  schemas: { query: ReferentRequestsQuerySchema, response: ReferentRequestPageSchema },
});
