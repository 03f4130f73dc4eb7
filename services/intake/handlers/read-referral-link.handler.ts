import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeReadReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const readLink = makeReadReferralLink(intakeDeps);

export const handler = httpRoute(intakeService, 'readReferralLink', ({ params, uow, correlationId }) =>
  readLink.execute(params.token, { uow, correlationId }),
);
