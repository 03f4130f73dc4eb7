import { httpRoute } from '../../../shared/http/route-handler';
import { getParcoursRoute } from '../routes/get-parcours.route';
import { makeGetParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeGetParcours(parcoursDeps);

export const handler = httpRoute(getParcoursRoute, ({ params, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }),
);
