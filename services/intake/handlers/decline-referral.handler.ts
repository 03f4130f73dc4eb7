import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { declineReferralRoute } from '../routes/decline-referral.route';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const decline = makeAnswerReferral(intakeDeps, 'decline');

export const handler = httpRoute(declineReferralRoute, ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'declined' }));
  return decline.execute(params.id, body, actor, { uow, correlationId });
});
