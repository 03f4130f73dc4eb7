import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { acceptReferralRoute } from '../routes/accept-referral.route';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const accept = makeAnswerReferral(intakeDeps, 'accept');

export const handler = httpRoute(acceptReferralRoute, ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'accepted' }));
  return accept.execute(params.id, { comment: body.comment }, actor, { uow, correlationId });
});
