import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeAddAction } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddAction(parcoursDeps);

export const handler = httpRoute(parcoursService, 'addAction', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.goalId, body),
);
