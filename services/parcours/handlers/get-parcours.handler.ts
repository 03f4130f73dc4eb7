import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeGetParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeGetParcours(parcoursDeps);

export const handler = httpRoute(parcoursService, 'getParcours', ({ params, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }),
);
