import { MyFileSchema } from '../domain/person-space.schema';
import { platformRoute } from './common';

// « Mon espace » (issue 15, ADR 0037): the collector asks every service for her data — in
// process locally, by invoking each service's person-data function on AWS (ADR 0040).
export const myFileRoute = platformRoute({
  id: 'myFile',
  method: 'GET',
  path: '/api/me/person',
  access: ['personne'],
  handler: 'services/platform/handlers/my-file.handler.ts',
  summary: 'La personne lit son dossier : fiche, accords, accueils, orientations, parcours, rendez-vous, tels qu’elle peut les voir',
  schemas: { response: MyFileSchema },
  errorStatuses: [404],
});
