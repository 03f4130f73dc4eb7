import { httpRoute } from '../../../shared/http/route-handler';
import { suspendParcoursRoute } from '../routes/suspend-parcours.route';
import { makeSuspendParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeSuspendParcours(parcoursDeps);

export const handler = httpRoute(suspendParcoursRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body.reason),
);
