import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeResendReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const resend = makeResendReferralLink(intakeDeps);

export const handler = httpRoute(intakeService, 'resendReferralLink', ({ params, actor, uow, correlationId }) =>
  resend.execute(params.id, actor, { uow, correlationId }),
);
