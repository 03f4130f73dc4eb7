import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeAddJournalEntry } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddJournalEntry(parcoursDeps);

export const handler = httpRoute(parcoursService, 'addJournalEntry', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
