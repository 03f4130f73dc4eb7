import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const withdraw = makeAnswerReferral(intakeDeps, 'withdraw');

export const handler = httpRoute(intakeService, 'withdrawReferral', ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'withdrawn' }));
  return withdraw.execute(params.id, body, actor, { uow, correlationId });
});
