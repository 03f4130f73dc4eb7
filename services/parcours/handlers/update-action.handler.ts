import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeUpdateAction } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeUpdateAction(parcoursDeps);

export const handler = httpRoute(parcoursService, 'updateAction', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.goalId, params.actionId, body),
);
