import { httpRoute } from '../../../shared/http/route-handler';
import { createTerritoryRoute } from '../routes/create-territory.route';
import { makeCreateTerritory } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeCreateTerritory(parcoursDeps);

export const handler = httpRoute(createTerritoryRoute, ({ body, actor, uow, correlationId }) =>
  useCase.execute(body, actor, { uow, correlationId }),
);
