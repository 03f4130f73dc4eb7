import { httpRoute } from '../../../shared/http/route-handler';
import { setJournalVisibilityRoute } from '../routes/set-journal-visibility.route';
import { makeSetJournalVisibility } from '../use-cases/person-comments.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeSetJournalVisibility(parcoursDeps);

export const handler = httpRoute(setJournalVisibilityRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, params.entryId, body.visibleToPerson, actor, { uow, correlationId }),
);
