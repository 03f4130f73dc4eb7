import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeSendReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const sendReferral = makeSendReferral(intakeDeps);

export const handler = httpRoute(intakeService, 'sendReferral', ({ body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'sent' }));
  return sendReferral.execute(body, actor, { uow, correlationId });
});
