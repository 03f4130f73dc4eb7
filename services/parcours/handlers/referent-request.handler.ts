import { httpRoute } from '../../../shared/http/route-handler';
import { askReferentRoute } from '../routes/referent-request.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonSpace } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonSpace(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(askReferentRoute, ({ params, body, actor, uow }) => useCase.askReferent(params.id, body, actor, { uow }));
