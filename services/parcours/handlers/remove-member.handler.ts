import { httpRoute } from '../../../shared/http/route-handler';
import { removeMemberRoute } from '../routes/remove-member.route';
import { makeRemoveMember } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeRemoveMember(parcoursDeps);

export const handler = httpRoute(removeMemberRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.memberId, body.reason),
);
