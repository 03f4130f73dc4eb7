import { OpenParcoursSchema, ParcoursViewSchema } from '../domain/parcours.schema';
import { handler, parcoursRoute, SOCIAL_WORKER } from './common';

export const openParcoursRoute = parcoursRoute({
  id: 'openParcours',
  method: 'POST',
  path: '/api/parcours',
  access: SOCIAL_WORKER,
  handler: handler('open-parcours.handler.ts'),
  summary: 'Ouvrir un parcours avec l’accord enregistré de la personne (référent choisi, partage accepté) ; 422 sans',
  schemas: { body: OpenParcoursSchema, response: ParcoursViewSchema },
  successStatus: 201,
});
