import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeSetJournalVisibility } from '../use-cases/person-comments.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeSetJournalVisibility(parcoursDeps);

export const handler = httpRoute(parcoursService, 'setJournalVisibility', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, params.entryId, body.visibleToPerson, actor, { uow, correlationId }),
);
