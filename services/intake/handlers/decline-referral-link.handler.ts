import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { declineReferralLinkRoute } from '../routes/decline-referral-link.route';
import { makeAnswerReferralLink, makeVerifyReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const decline = makeAnswerReferralLink(intakeDeps, 'decline');
const verifyLink = makeVerifyReferralLink(intakeDeps);

export const handler = httpRoute(
  declineReferralLinkRoute,
  ({ params, body, uow, correlationId }) => {
    uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'declined' }));
    return decline.execute(params.token, body, { uow, correlationId });
  },
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verifyLink.execute(params.token) },
);
