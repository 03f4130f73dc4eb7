import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makePatchTerritory } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePatchTerritory(parcoursDeps);

export const handler = httpRoute(parcoursService, 'patchTerritory', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
