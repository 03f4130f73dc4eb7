import { httpRoute } from '../../../shared/http/route-handler';
import { addPersonViewRoute } from '../routes/person-view.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonSpace } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonSpace(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(addPersonViewRoute, ({ params, body, actor, uow }) => useCase.addView(params.id, body, actor, { uow }));
