import { httpRoute } from '../../../shared/http/route-handler';
import { proposeGoalRoute } from '../routes/propose-goal.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonSpace } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonSpace(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(proposeGoalRoute, ({ params, body, actor, uow }) => useCase.proposeGoal(params.id, body, actor, { uow }));
