import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeMyDetails } from '../use-cases/person-details.use-cases';
import { intakeDeps } from './deps';

const details = makeMyDetails(intakeDeps, new IdentityRequestsStore());

export const handler = httpRoute(intakeService, 'myDetails', ({ actor }) => details.get(actor));
