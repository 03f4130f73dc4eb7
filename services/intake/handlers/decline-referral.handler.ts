import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const decline = makeAnswerReferral(intakeDeps, 'decline');

export const handler = httpRoute(intakeService, 'declineReferral', ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'declined' }));
  return decline.execute(params.id, body, actor, { uow, correlationId });
});
