import { countMetric } from '../../../shared/observability/metrics';
import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferralLink, makeVerifyReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const close = makeAnswerReferralLink(intakeDeps, 'close');
const verifyLink = makeVerifyReferralLink(intakeDeps);

export const handler = httpRoute(
  intakeService,
  'closeReferralLink',
  ({ params, body, uow, correlationId }) => {
    uow.afterCommit(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'closed' }));
    return close.execute(params.token, body, { uow, correlationId });
  },
  // The link is checked before any Idempotency-Key: a stored answer is never replayed to a bad link.
  { verify: ({ params }) => verifyLink.execute(params.token) },
);
