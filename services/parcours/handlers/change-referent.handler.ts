import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeChangeReferent } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeChangeReferent(parcoursDeps);

export const handler = httpRoute(parcoursService, 'changeReferent', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
