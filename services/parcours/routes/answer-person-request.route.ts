import { AnswerPersonRequestSchema, PersonRequestParamsSchema, PersonRequestSchema } from '../domain/person-space.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const answerPersonRequestRoute = parcoursRoute({
  id: 'answerPersonRequest',
  method: 'POST',
  path: '/api/parcours/{id}/person-requests/{requestId}/answer',
  access: FIELD,
  handler: handler('answer-person-request.handler.ts'),
  summary: 'Répondre à une demande de la personne ; une proposition d’objectif acceptée devient un objectif (référent)',
  schemas: { params: PersonRequestParamsSchema, body: AnswerPersonRequestSchema, response: PersonRequestSchema },
});
