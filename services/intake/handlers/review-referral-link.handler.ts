import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { reviewReferralLinkRoute } from '../routes/review-referral-link.route';
import { makeAnswerReferralLink, makeVerifyReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const review = makeAnswerReferralLink(intakeDeps, 'review');
const verifyLink = makeVerifyReferralLink(intakeDeps);

export const handler = httpRoute(
  reviewReferralLinkRoute,
  ({ params, body, uow, correlationId }) => {
    uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'in_review' }));
    return review.execute(params.token, body, { uow, correlationId });
  },
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verifyLink.execute(params.token) },
);
