import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { reviewReferralRoute } from '../routes/review-referral.route';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const review = makeAnswerReferral(intakeDeps, 'review');

export const handler = httpRoute(reviewReferralRoute, ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'in_review' }));
  return review.execute(params.id, body, actor, { uow, correlationId });
});
