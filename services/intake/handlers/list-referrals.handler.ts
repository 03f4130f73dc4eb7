import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeListReferrals } from '../use-cases/referrals.use-cases';
import { intakeDeps } from './deps';

const listReferrals = makeListReferrals(intakeDeps);

export const handler = httpRoute(intakeService, 'listReferrals', ({ query, actor }) => listReferrals.execute(query, actor));
