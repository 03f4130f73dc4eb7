import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeCorrectPerson } from '../use-cases/persons.use-cases';
import { makeIdentityRequests } from '../use-cases/person-details.use-cases';
import { intakeDeps } from './deps';

const requests = makeIdentityRequests(intakeDeps, new IdentityRequestsStore(), makeCorrectPerson(intakeDeps));

export const handler = httpRoute(intakeService, 'listIdentityRequests', ({ query, actor }) => requests.list(query, actor));
