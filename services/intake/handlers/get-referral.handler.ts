import { httpRoute } from '../../../shared/http/route-handler';
import { getReferralRoute } from '../routes/get-referral.route';
import { makeGetReferral } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const getReferral = makeGetReferral(intakeDeps);

export const handler = httpRoute(getReferralRoute, ({ params, actor, uow, correlationId }) =>
  getReferral.execute(params.id, actor, { uow, correlationId }),
);
