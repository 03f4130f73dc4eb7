import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { closeReferralRoute } from '../routes/close-referral.route';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const close = makeAnswerReferral(intakeDeps, 'close');

export const handler = httpRoute(closeReferralRoute, ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'closed' }));
  return close.execute(params.id, body, actor, { uow, correlationId });
});
