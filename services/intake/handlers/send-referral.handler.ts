import { httpRoute } from '../../../shared/http/route-handler';
import { countMetric } from '../../../shared/observability/metrics';
import { sendReferralRoute } from '../routes/send-referral.route';
import { makeSendReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const sendReferral = makeSendReferral(intakeDeps);

export const handler = httpRoute(sendReferralRoute, ({ body, actor, uow, correlationId }) => {
  uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'sent' }));
  return sendReferral.execute(body, actor, { uow, correlationId });
});
