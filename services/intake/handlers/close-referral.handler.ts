import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const close = makeAnswerReferral(intakeDeps, 'close');

export const handler = httpRoute(intakeService, 'closeReferral', ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'closed' }));
  return close.execute(params.id, body, actor, { uow, correlationId });
});
