import { httpRoute } from '../../../shared/http/route-handler';
import { readReferralLinkRoute } from '../routes/read-referral-link.route';
import { makeReadReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const readLink = makeReadReferralLink(intakeDeps);

export const handler = httpRoute(readReferralLinkRoute, ({ params, uow, correlationId }) =>
  readLink.execute(params.token, { uow, correlationId }),
);
