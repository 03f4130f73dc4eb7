import { httpRoute } from '../../../shared/http/route-handler';
import { markActionDoneRoute } from '../routes/mark-done.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonSpace } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonSpace(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(markActionDoneRoute, ({ params, actor, uow }) =>
  useCase.markDone(params.id, params.goalId, params.actionId, actor, { uow }),
);
