import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeSuspendParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeSuspendParcours(parcoursDeps);

export const handler = httpRoute(parcoursService, 'suspendParcours', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body.reason),
);
