// Loads the phone library and installs it into the person schema (this writer takes phones too).
import '../domain/phone.check';
import { httpRoute } from '../../../shared/http/route-handler';
import { patchMyDetailsRoute } from '../routes/patch-my-details.route';
import { IdentityRequestsStore } from '../store/identity-requests.store';
import { makeMyDetails } from '../use-cases/person-details.use-cases';
import { intakeDeps } from './deps';

const details = makeMyDetails(intakeDeps, new IdentityRequestsStore());

export const handler = httpRoute(patchMyDetailsRoute, ({ body, actor, uow, correlationId }) =>
  details.patch(body, actor, { uow, correlationId }),
);
