import { FlaggedEntriesSchema } from '../domain/campaign';
import { COORDINATION, directoryRoute, handler } from './common';

export const listFlaggedEntriesRoute = directoryRoute({
  id: 'listFlaggedEntries',
  method: 'GET',
  path: '/api/directory/flagged',
  access: COORDINATION,
  handler: handler('list-flagged-entries.handler.ts'),
  summary: 'Informations à vérifier : les fiches en retard de vérification de plus de 60 jours, avec les canaux du partenaire',
  schemas: { response: FlaggedEntriesSchema },
});
