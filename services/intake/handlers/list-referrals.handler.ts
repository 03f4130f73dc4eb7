import { httpRoute } from '../../../shared/http/route-handler';
import { listReferralsRoute } from '../routes/list-referrals.route';
import { makeListReferrals } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const listReferrals = makeListReferrals(intakeDeps);

export const handler = httpRoute(listReferralsRoute, ({ query, actor }) => listReferrals.execute(query, actor));
