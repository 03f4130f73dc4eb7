import { MyParcoursParamsSchema, PersonRequestSchema, PersonViewSchema } from '../domain/person-space.schema';
import { handler, parcoursRoute } from './common';

export const addPersonViewRoute = parcoursRoute({
  id: 'addPersonView',
  method: 'POST',
  path: '/api/me/person/parcours/{id}/views',
  access: ['personne'],
  handler: handler('person-view.handler.ts'),
  summary: 'Donner mon avis avant la prochaine réunion : les membres du parcours le lisent (la personne)',
  schemas: { params: MyParcoursParamsSchema, body: PersonViewSchema, response: PersonRequestSchema },
  successStatus: 201,
});
