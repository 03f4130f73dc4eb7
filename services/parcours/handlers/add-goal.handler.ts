import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeAddGoal } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeAddGoal(parcoursDeps);

export const handler = httpRoute(parcoursService, 'addGoal', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
