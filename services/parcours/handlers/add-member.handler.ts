import { httpRoute } from '../../../shared/http/route-handler';
import { addMemberRoute } from '../routes/add-member.route';
import { makeAddMember } from '../use-cases/parcours.use-cases';
import { parcoursMemberDeps } from './member.deps';

const useCase = makeAddMember(parcoursMemberDeps);

export const handler = httpRoute(addMemberRoute, ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
