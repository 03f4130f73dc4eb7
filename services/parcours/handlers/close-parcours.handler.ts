import { httpRoute } from '../../../shared/http/route-handler';
import { closeParcoursRoute } from '../routes/close-parcours.route';
import { makeCloseParcours } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeCloseParcours(parcoursDeps);

export const handler = httpRoute(closeParcoursRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
