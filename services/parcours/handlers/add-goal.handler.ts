import { httpRoute } from '../../../shared/http/route-handler';
import { addGoalRoute } from '../routes/add-goal.route';
import { makeAddGoal } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddGoal(parcoursDeps);

export const handler = httpRoute(addGoalRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
