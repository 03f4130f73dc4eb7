import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeListMyParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeListMyParcours(parcoursDeps);

export const handler = httpRoute(parcoursService, 'listParcours', ({ query, actor }) => useCase.execute(query, actor));
