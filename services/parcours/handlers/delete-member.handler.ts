import { httpRoute } from '../../../shared/http/route-handler';
import { deleteMemberRoute } from '../routes/delete-member.route';
import { makeRemoveMember } from '../use-cases/parcours.use-cases';
import { parcoursDeps } from './deps';

const useCase = makeRemoveMember(parcoursDeps);

export const handler = httpRoute(deleteMemberRoute, ({ params, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, params.memberId),
);
