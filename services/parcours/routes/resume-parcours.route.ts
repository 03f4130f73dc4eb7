import { ParcoursParamsSchema, ResumeSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute, StatusSchema } from './common';

export const resumeParcoursRoute = parcoursRoute({
  id: 'resumeParcours',
  method: 'POST',
  path: '/api/parcours/{id}/resume',
  access: FIELD,
  handler: handler('resume-parcours.handler.ts'),
  summary: 'Reprendre un parcours suspendu ; référent seulement',
  schemas: { params: ParcoursParamsSchema, body: ResumeSchema, response: StatusSchema },
});
