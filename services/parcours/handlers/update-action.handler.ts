import { httpRoute } from '../../../shared/http/route-handler';
import { updateActionRoute } from '../routes/update-action.route';
import { makeUpdateAction } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeUpdateAction(parcoursDeps);

export const handler = httpRoute(updateActionRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.goalId, params.actionId, body),
);
