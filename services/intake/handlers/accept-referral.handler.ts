import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const accept = makeAnswerReferral(intakeDeps, 'accept');

export const handler = httpRoute(intakeService, 'acceptReferral', ({ params, body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'accepted' }));
  return accept.execute(params.id, { comment: body.comment }, actor, { uow, correlationId });
});
