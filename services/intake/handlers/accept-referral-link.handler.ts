import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { acceptReferralLinkRoute } from '../routes/accept-referral-link.route';
import { makeAnswerReferralLink, makeVerifyReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const accept = makeAnswerReferralLink(intakeDeps, 'accept');
const verifyLink = makeVerifyReferralLink(intakeDeps);

export const handler = httpRoute(
  acceptReferralLinkRoute,
  ({ params, body, uow, correlationId }) => {
    uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'accepted' }));
    return accept.execute(params.token, { comment: body.comment }, { uow, correlationId });
  },
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verifyLink.execute(params.token) },
);
