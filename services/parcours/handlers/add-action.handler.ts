import { httpRoute } from '../../../shared/http/route-handler';
import { addActionRoute } from '../routes/add-action.route';
import { makeAddAction } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddAction(parcoursDeps);

export const handler = httpRoute(addActionRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.goalId, body),
);
