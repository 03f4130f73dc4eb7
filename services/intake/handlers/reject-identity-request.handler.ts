import { httpRoute } from '../../../shared/http/route-handler';
import { rejectIdentityRequestRoute } from '../routes/reject-identity-request.route';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeIdentityRequests } from '../use-cases/person-details.use-cases';
import { makeCorrectPerson } from '../use-cases/persons.use-cases';
import { intakeDeps } from './deps';

const requests = makeIdentityRequests(intakeDeps, new IdentityRequestsStore(), makeCorrectPerson(intakeDeps));

export const handler = httpRoute(rejectIdentityRequestRoute, ({ params, body, actor, uow, correlationId }) =>
  requests.reject(params.requestId, body, actor, { uow, correlationId }),
);
