import { httpRoute } from '../../../shared/http/route-handler';
import { patchTerritoryRoute } from '../routes/patch-territory.route';
import { makePatchTerritory } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePatchTerritory(parcoursDeps);

export const handler = httpRoute(patchTerritoryRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, body, actor, { uow, correlationId }),
);
