import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeListTerritories } from '../use-cases/territories.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeListTerritories(parcoursDeps);

export const handler = httpRoute(parcoursService, 'listTerritories', () => useCase.execute());
