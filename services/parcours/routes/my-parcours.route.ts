import { MyParcoursListSchema } from '../domain/person-space.schema';
import { handler, parcoursRoute } from './common';

// The person on her own parcours (« Mon espace », ADR 0038): another person's id → 404.
export const myParcoursRoute = parcoursRoute({
  id: 'myParcours',
  method: 'GET',
  path: '/api/me/person/parcours',
  access: ['personne'],
  handler: handler('my-parcours.handler.ts'),
  summary: 'Mes parcours : le plan, qui fait chaque action, mes demandes et leurs réponses (la personne)',
  schemas: { response: MyParcoursListSchema },
});
