import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeOpenParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeOpenParcours(parcoursDeps);

export const handler = httpRoute(parcoursService, 'openParcours', ({ body, actor, uow, correlationId }) =>
  useCase.execute(body, actor, { uow, correlationId }),
);
