import { httpRoute } from '../../../shared/http/route-handler';
import { listTerritoriesRoute } from '../routes/list-territories.route';
import { makeListTerritories } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeListTerritories(parcoursDeps);

export const handler = httpRoute(listTerritoriesRoute, () => useCase.execute());
