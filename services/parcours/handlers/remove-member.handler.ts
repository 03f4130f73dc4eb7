import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeRemoveMember } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeRemoveMember(parcoursDeps);

export const handler = httpRoute(parcoursService, 'removeMember', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.memberId, body.reason),
);
