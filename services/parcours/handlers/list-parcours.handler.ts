import { httpRoute } from '../../../shared/http/route-handler';
import { listParcoursRoute } from '../routes/list-parcours.route';
import { makeListMyParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeListMyParcours(parcoursDeps);

export const handler = httpRoute(listParcoursRoute, ({ query, actor }) => useCase.execute(query, actor));
