import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeCloseParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeCloseParcours(parcoursDeps);

export const handler = httpRoute(parcoursService, 'closeParcours', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
