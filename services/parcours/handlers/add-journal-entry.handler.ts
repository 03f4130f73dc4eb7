import { httpRoute } from '../../../shared/http/route-handler';
import { addJournalEntryRoute } from '../routes/add-journal-entry.route';
import { makeAddJournalEntry } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddJournalEntry(parcoursDeps);

export const handler = httpRoute(addJournalEntryRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
