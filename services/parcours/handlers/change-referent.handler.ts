import { httpRoute } from '../../../shared/http/route-handler';
import { changeReferentRoute } from '../routes/change-referent.route';
import { makeChangeReferent } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeChangeReferent(parcoursDeps);

export const handler = httpRoute(changeReferentRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
