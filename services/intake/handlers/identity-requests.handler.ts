import { httpRoute } from '../../../shared/http/route-handler';
import { listIdentityRequestsRoute } from '../routes/identity-requests.route';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeIdentityRequests } from '../use-cases/person-details.use-cases';
import { makeCorrectPerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const requests = makeIdentityRequests(intakeDeps, new IdentityRequestsStore(), makeCorrectPerson(intakeDeps));

export const handler = httpRoute(listIdentityRequestsRoute, ({ query, actor }) => requests.list(query, actor));
