import { httpRoute } from '../../../shared/http/route-handler';
import { listPersonRequestsRoute } from '../routes/person-requests.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonRequests } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonRequests(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(listPersonRequestsRoute, ({ params, actor, uow }) => useCase.list(params.id, actor, { uow }));
