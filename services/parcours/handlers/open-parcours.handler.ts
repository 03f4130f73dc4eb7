import { httpRoute } from '../../../shared/http/route-handler';
import { openParcoursRoute } from '../routes/open-parcours.route';
import { makeOpenParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeOpenParcours(parcoursDeps);

export const handler = httpRoute(openParcoursRoute, ({ body, actor, uow, correlationId }) =>
  useCase.execute(body, actor, { uow, correlationId }),
);
