import { AddJournalEntrySchema, JournalEntrySchema, ParcoursParamsSchema } from '../domain/parcours.schema';
import { FIELD, handler, parcoursRoute } from './common';

export const addJournalEntryRoute = parcoursRoute({
  id: 'addJournalEntry',
  method: 'POST',
  path: '/api/parcours/{id}/journal',
  access: FIELD,
  handler: handler('add-journal-entry.handler.ts'),
  summary: 'Écrire dans le journal du parcours (visible de tous les membres ou du référent seul)',
  schemas: { params: ParcoursParamsSchema, body: AddJournalEntrySchema, response: JournalEntrySchema },
  successStatus: 201,
});
