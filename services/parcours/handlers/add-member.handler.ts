import { httpRoute } from '../../../shared/http/route-handler';
import { parcoursService } from '../service';
import { makeAddMember } from '../use-cases/parcours.use-cases';
import { parcoursMemberDeps } from './member.deps';

const useCase = makeAddMember(parcoursMemberDeps);

export const handler = httpRoute(parcoursService, 'addMember', ({ params, body, actor, uow, correlationId }) =>
  useCase.execute(params.id, actor, { uow, correlationId }, body),
);
