import { httpRoute } from '../../../shared/http/route-handler';
import { myDetailsRoute } from '../routes/my-details.route';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeMyDetails } from '../use-cases/person-details.use-cases';
import { intakeDeps } from './deps';

const details = makeMyDetails(intakeDeps, new IdentityRequestsStore());

export const handler = httpRoute(myDetailsRoute, ({ actor }) => details.get(actor));
