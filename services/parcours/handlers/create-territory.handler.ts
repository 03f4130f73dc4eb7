import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeCreateTerritory } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeCreateTerritory(parcoursDeps);

export const handler = httpRoute(parcoursService, 'createTerritory', ({ body, actor, uow, correlationId }) =>
  useCase.execute(body, actor, { uow, correlationId }),
);
