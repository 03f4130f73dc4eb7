import { httpRoute } from '../../../shared/http/route-handler';
import { resendReferralLinkRoute } from '../routes/resend-referral-link.route';
import { makeResendReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const resend = makeResendReferralLink(intakeDeps);

export const handler = httpRoute(resendReferralLinkRoute, ({ params, actor, uow, correlationId }) =>
  resend.execute(params.id, actor, { uow, correlationId }),
);
