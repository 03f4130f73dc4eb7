import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { withdrawReferralRoute } from '../routes/withdraw-referral.route';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const withdraw = makeAnswerReferral(intakeDeps, 'withdraw');

export const handler = httpRoute(withdrawReferralRoute, ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'withdrawn' }));
  return withdraw.execute(params.id, body, actor, { uow, correlationId });
});
