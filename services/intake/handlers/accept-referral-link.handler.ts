import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeAnswerReferralLink } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const accept = makeAnswerReferralLink(intakeDeps, 'accept');

export const handler = httpRoute(intakeService, 'acceptReferralLink', ({ params, body, uow, correlationId }) =>
  accept.execute(params.token, { comment: body.comment }, { uow, correlationId }),
);
