import { httpRoute } from '../../../shared/http/route-handler';
import { referralsAtRiskRoute } from '../routes/referrals-at-risk.route';
import { makeReferralsAtRisk } from '../use-cases/deliveries.use-cases';
import { intakeDeps } from './deps';

const atRisk = makeReferralsAtRisk(intakeDeps);

export const handler = httpRoute(referralsAtRiskRoute, ({ query }) => atRisk.execute(query));
