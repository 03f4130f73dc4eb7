import { httpRoute } from '../../../shared/http/route-handler';
import { listReferentRequestsRoute } from '../routes/referent-requests.route';
import { PersonRequestsStore } from '../store/person-requests.store';
import { makePersonRequests } from '../use-cases/person-space.use-cases';
import { parcoursDeps } from './deps';

const useCase = makePersonRequests(parcoursDeps, new PersonRequestsStore());

export const handler = httpRoute(listReferentRequestsRoute, ({ query, actor }) => useCase.referentRequests(query, actor));
