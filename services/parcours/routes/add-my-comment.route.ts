import { AddPersonCommentSchema, ParcoursParamsSchema, PersonCommentSchema } from '../domain/parcours.schema';
import { handler, parcoursRoute } from './common';

export const addMyCommentRoute = parcoursRoute({
  id: 'addMyComment',
  method: 'POST',
  path: '/api/me/person/parcours/{id}/comments',
  access: ['personne'],
  handler: handler('add-my-comment.handler.ts'),
  summary: 'La personne commente son plan (tout le plan, un objectif ou une action) : le référent et les membres le lisent',
  schemas: { params: ParcoursParamsSchema, body: AddPersonCommentSchema, response: PersonCommentSchema },
  successStatus: 201,
});
