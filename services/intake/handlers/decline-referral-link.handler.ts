import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const decline = makeAnswerReferralLink(intakeDeps, 'decline');

export const handler = httpRoute(intakeService, 'declineReferralLink', ({ params, body, uow, correlationId }) =>
  decline.execute(params.token, { reason: body.reason, reasonCode: body.reasonCode }, { uow, correlationId }),
);
