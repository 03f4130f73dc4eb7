import { JournalEntryParamsSchema, JournalEntrySchema, JournalVisibilitySchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const setJournalVisibilityRoute = parcoursRoute({
  id: 'setJournalVisibility',
  method: 'PATCH',
  path: '/api/parcours/{id}/journal/{entryId}',
  access: FIELD,
  handler: handler('set-journal-visibility.handler.ts'),
  summary: 'Montrer une note du journal à la personne dans son espace, ou la lui cacher (auteur de la note ou référent)',
  schemas: { params: JournalEntryParamsSchema, body: JournalVisibilitySchema, response: JournalEntrySchema },
});
