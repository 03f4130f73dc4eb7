import { httpRoute } from '../../../shared/http/route-handler';
import { intakeService } from '../service';
import { makeReferralsAtRisk } from '../use-cases/deliveries.use-cases';
import { intakeDeps } from './deps';

const atRisk = makeReferralsAtRisk(intakeDeps);

export const handler = httpRoute(intakeService, 'referralsAtRisk', ({ query }) => atRisk.execute(query));
